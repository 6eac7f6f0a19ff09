package dev.avrkit.sim.test;

import dev.avrkit.device.TestPort;
import dev.avrkit.sim.Machine;
import dev.avrkit.sim.StopReason;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's end of the test channel ({@link TestPort}): the firmware reads the runner's
 * command from the data address and writes its report as fields, each started by a tag letter
 * written to the control address and followed by its bytes written to the data address. A
 * terminal tag ({@code E} end of the test list, {@code O} test returned, {@code D} panic report
 * done, {@code ?} unknown command) ends the run. Anything else the firmware does there (bytes
 * before a tag, an unknown tag, reading past the command, a report longer than {@link #MAX_BYTES})
 * is recorded as a {@link #error() protocol error} and also ends the run.
 *
 * <p>During a test the firmware may also ask something of the runner (press a button of the
 * circuit, read a pin): a {@code Q} field with the request, then the tag {@code G}; the runner
 * answers at once (the chip has not run on), and the answer becomes what the firmware reads next
 * from the data address. Requests are not part of the report's fields.
 */
public final class TestChannel {
  /** Most bytes one run may write into the channel. */
  public static final int MAX_BYTES = 64 * 1024;

  /** The tags the harness writes. */
  static final String TAGS = "TEOPFLD?QG";

  /** One report field: its tag and bytes. */
  public record Field(char tag, byte[] bytes) {}

  private final Machine machine;
  private byte[] command = new byte[0];
  private int commandPos;
  private final List<Field> fields = new ArrayList<>();
  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  private char currentTag;
  private int total;
  private boolean done;
  private String error;
  private java.util.function.Function<byte[], byte[]> requests = r -> new byte[0];

  private TestChannel(Machine machine) {
    this.machine = machine;
  }

  /** Hooks the channel's two addresses on the machine's data bus. */
  public static TestChannel attach(Machine m, TestPort port) {
    TestChannel c = new TestChannel(m);
    m.bus().onWrite(port.data(), (a, v) -> c.data(v));
    m.bus().onWrite(port.control(), (a, v) -> c.control(v));
    m.bus().onRead(port.data(), new dev.avrkit.sim.DataBus.ReadHook() {
      @Override
      public int read(int a) {
        return c.read();
      }

      @Override
      public int peek(int a) {
        return c.commandPos < c.command.length ? c.command[c.commandPos] & 0xFF : 0;
      }
    });
    m.bus().onRead(port.control(), a -> 0);
    return c;
  }

  /** Starts a run: the firmware will read {@code cmd}; earlier fields are forgotten. */
  public void start(byte[] cmd) {
    command = cmd.clone();
    commandPos = 0;
    fields.clear();
    current.reset();
    currentTag = 0;
    total = 0;
    done = false;
    error = null;
  }

  /** Answers the firmware's requests ({@code Q} fields): request bytes to the bytes it reads next. */
  public void onRequest(java.util.function.Function<byte[], byte[]> answer) {
    requests = answer;
  }

  /** Whether the firmware ended its report with a terminal tag. */
  public boolean done() {
    return done;
  }

  /** The first protocol error of this run, or null. */
  public String error() {
    return error;
  }

  /** The fields of the report so far (the last one included once it ended). */
  public List<Field> fields() {
    return List.copyOf(fields);
  }

  private int read() {
    if (commandPos < command.length) return command[commandPos++] & 0xFF;
    fail("it read " + (commandPos - command.length + 1) + " byte(s) past the runner's " + command.length + "-byte command");
    commandPos++;
    return 0;
  }

  private void data(int v) {
    if (done || error != null) return;
    if (currentTag == 0) {
      fail("it wrote data (0x" + Integer.toHexString(v) + ") before any field tag");
      return;
    }
    if (++total > MAX_BYTES) {
      fail("its report is longer than " + MAX_BYTES + " bytes");
      return;
    }
    current.write(v);
  }

  private void control(int v) {
    if (done || error != null) return;
    char t = (char) v;
    if (TAGS.indexOf(t) < 0 || v == 0) {
      fail("it wrote an unknown field tag 0x" + Integer.toHexString(v) + (v >= 0x20 && v < 0x7f ? " ('" + t + "')" : ""));
      return;
    }
    if (t == 'G') {
      if (currentTag != 'Q') {
        fail("it wrote the request tag 'G' without a request ('Q' field) before it");
        return;
      }
      byte[] req = current.toByteArray();
      total -= req.length + 1; // a test may ask again and again (polling): only its report counts
      currentTag = 0;
      current.reset();
      command = requests.apply(req);
      commandPos = 0;
      return;
    }
    endField();
    if (++total > MAX_BYTES) {
      fail("its report is longer than " + MAX_BYTES + " bytes");
      return;
    }
    currentTag = t;
    if (t == 'E' || t == 'O' || t == 'D' || t == '?') {
      endField();
      done = true;
      machine.cpu().stop(StopReason.BREAK, "test report");
    }
  }

  private void endField() {
    if (currentTag != 0) fields.add(new Field(currentTag, current.toByteArray()));
    currentTag = 0;
    current.reset();
  }

  private void fail(String what) {
    if (error == null) error = what;
    machine.cpu().stop(StopReason.BREAK, "test channel error");
  }
}
