package dev.avrkit.circuit;

import dev.avrkit.device.AvrkitException;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.test.TestFirmware;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The circuit of an on-target test binary: a diagram wired to the test machine, built afresh
 * after each reset (every test starts with the parts as the diagram declares them), answering the
 * tests' {@code avrkit_test::part} requests: press and release a button, set a control, read a
 * pin's level or voltage, read a part's state.
 */
public final class TestRig implements TestFirmware.Rig {
  private final Diagram diagram;
  private final Machine machine;
  private Circuit circuit;

  private TestRig(Diagram diagram, Machine machine) {
    this.diagram = diagram;
    this.machine = machine;
    this.circuit = Circuit.build(diagram, machine);
  }

  /** Reads the diagram and wires it to the machine once (so its mistakes show before any test runs). */
  public static TestRig attach(Path diagramFile, Machine machine) {
    return new TestRig(Diagram.read(diagramFile), machine);
  }

  /** The circuit of the current test. */
  public Circuit circuit() {
    return circuit;
  }

  @Override
  public void reset() {
    circuit.detach();
    circuit = Circuit.build(diagram, machine);
  }

  @Override
  public String describe() {
    return diagram.file().toString();
  }

  @Override
  public byte[] request(char op, String part, String name, float value) {
    try {
      return switch (op) {
        case 'p', 'r' -> {
          Part p = part(part);
          if (!p.controls().contains("pressed")) throw new AvrkitException("part " + part + " cannot be pressed (it is a "
              + type(part) + (p.controls().isEmpty() ? "" : "; its controls: " + String.join(", ", p.controls())) + ")");
          p.setControl("pressed", op == 'p' ? 1 : 0);
          yield new byte[0];
        }
        case 'c' -> {
          Part p = part(part);
          if (!p.controls().contains(name)) {
            throw new AvrkitException("part " + part + " has no control \"" + name + "\""
                + (p.controls().isEmpty() ? " (it has none)" : "; controls: " + String.join(", ", p.controls())));
          }
          p.setControl(name, value);
          yield new byte[0];
        }
        case 'l' -> {
          pin(part, name);
          int l = circuit.level(part, name);
          yield new byte[] {(byte) (l == 0 ? 0 : l == 1 ? 1 : 2)};
        }
        case 'v' -> {
          pin(part, name);
          double v = circuit.voltage(part, name);
          if (Double.isNaN(v)) {
            int l = circuit.level(part, name);
            v = l == 0 ? 0 : l == 1 ? machine.pins().vcc() : Double.NaN;
          }
          if (Double.isNaN(v)) yield new byte[0];
          int mv = (int) Math.round(Math.max(0, v) * 1000);
          yield new byte[] {(byte) mv, (byte) (mv >> 8)};
        }
        case 's' -> {
          if (part.equals(circuit.boardId())) throw new AvrkitException("part " + part + " is the board; give one of "
              + String.join(", ", circuit.parts().keySet()));
          yield part(part).state().getBytes(StandardCharsets.UTF_8);
        }
        default -> throw new AvrkitException("unknown part request '" + op + "'");
      };
    } catch (CircuitException e) {
      throw new AvrkitException(e.getMessage());
    }
  }

  private Part part(String id) {
    if (id.equals(circuit.boardId())) {
      throw new AvrkitException("part " + id + " is the board, not a part with controls; parts: " + String.join(", ", circuit.parts().keySet()));
    }
    return circuit.part(id).orElseThrow(() -> new AvrkitException("no part \"" + id + "\" in " + diagram.file() + "; parts: "
        + String.join(", ", circuit.allIds())));
  }

  private String type(String id) {
    return circuit.typeOf(id).map(PartType::type).orElse("part");
  }

  private void pin(String part, String pin) {
    if (!part.equals(circuit.boardId()) && circuit.part(part).isEmpty()) part(part);
    circuit.checkPin(part, pin).ifPresent(msg -> {
      throw new AvrkitException(msg);
    });
  }
}
