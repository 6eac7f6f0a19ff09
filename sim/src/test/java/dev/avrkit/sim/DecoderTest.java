package dev.avrkit.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoder against binutils: all 65536 opcodes (each followed by a zero word for the second
 * word of LDS/STS/JMP/CALL) disassembled by avr-objdump -m avr6 (a 22-bit PC part with EIND and
 * RAMPZ) and by our decoder for an AVRe+ part with 256 KiB flash: same mnemonic (up to aliases)
 * and same operands for registers, immediates, I/O addresses, bits and displacements.
 */
class DecoderTest {
  @TempDir Path dir;

  private static final String BRBS = "brcs breq brmi brvs brlt brhs brts brie";
  private static final String BRBC = "brcc brne brpl brvc brge brhc brtc brid";

  @Test
  void everyOpcodeLikeObjdump() throws Exception {
    byte[] bin = new byte[65536 * 4];
    for (int w = 0; w < 65536; w++) {
      bin[4 * w] = (byte) w;
      bin[4 * w + 1] = (byte) (w >> 8);
    }
    Path f = dir.resolve("all.bin");
    Files.write(f, bin);
    String dis = Tools.run(List.of("avr-objdump", "-D", "-b", "binary", "-m", "avr6", f.toString()), dir, null, 120);
    Map<Integer, String[]> ref = new HashMap<>();
    for (String line : dis.split("\n")) {
      String[] p = line.split("\t");
      if (p.length < 3 || !p[0].trim().endsWith(":")) continue;
      int addr = Integer.parseInt(p[0].trim().replace(":", ""), 16);
      if (addr % 4 != 0) continue;
      String ops = p.length > 3 ? p[3].split(";")[0].trim() : "";
      ref.put(addr / 4, new String[] {p[2].trim(), ops});
    }
    assertThat(ref).hasSize(65536);
    Machine m = InstructionTest.machine(Core.AVRE_PLUS, 0x40000, false);
    Cpu cpu = m.cpu();
    List<String> bad = new ArrayList<>();
    int checkedOperands = 0;
    for (int w = 0; w < 65536; w++) {
      int x = cpu.decode(w, 0);
      String name = Op.NAMES[x & 0xFF];
      String[] r = ref.get(w);
      String mn = r[0], ops = r[1].replace(" ", "");
      String want = canonical(mn, ops);
      String got = name.replaceAll("[_].*", "").toLowerCase();
      if (!got.equals(want)) {
        bad.add(String.format("%04x: objdump '%s %s', avrkit %s", w, mn, r[1], name));
        continue;
      }
      String ours = operands(x);
      if (ours != null) {
        checkedOperands++;
        if (!ours.equalsIgnoreCase(ops)) bad.add(String.format("%04x: objdump '%s %s', avrkit '%s %s'", w, mn, ops, name, ours));
      }
    }
    assertThat(bad).as("decoding differences").isEmpty();
    assertThat(checkedOperands).isGreaterThan(50000);
  }

  /** Our operation name for an objdump mnemonic. */
  private static String canonical(String mn, String ops) {
    if (mn.equals(".word")) return "illegal";
    if (BRBS.contains(mn)) return "brbs";
    if (BRBC.contains(mn)) return "brbc";
    if (mn.matches("se[cznvsthi]")) return "bset";
    if (mn.matches("cl[cznvsthi]")) return "bclr";
    // XMEGA-only instructions are illegal on AVRe+
    if (mn.matches("xch|las|lac|lat|des") || (mn.equals("spm") && ops.equals("Z+"))) return "illegal";
    if (mn.equals("ld") && !ops.contains("+") && !ops.contains("-") || mn.equals("ldd")) {
      return mn.equals("ldd") ? "ldd" : "ld";
    }
    return mn;
  }

  /** Our operands in objdump's syntax (null where we do not compare). */
  private static String operands(int x) {
    int op = x & 0xFF;
    int d = (x >>> 8) & 31, r = (x >>> 13) & 31, k = (x >>> 13) & 0xFF;
    switch (op) {
      case Op.ADD, Op.ADC, Op.SUB, Op.SBC, Op.CP, Op.CPC, Op.CPSE, Op.AND, Op.EOR, Op.OR, Op.MOV,
          Op.MUL, Op.MULS, Op.MULSU, Op.FMUL, Op.FMULS, Op.FMULSU, Op.MOVW:
        return "r" + d + ",r" + r;
      case Op.CPI, Op.SBCI, Op.SUBI, Op.ORI, Op.ANDI, Op.LDI:
        return String.format("r%d,0x%02X", d, k);
      case Op.COM, Op.NEG, Op.SWAP, Op.INC, Op.ASR, Op.LSR, Op.ROR, Op.DEC, Op.PUSH, Op.POP:
        return "r" + d;
      case Op.IN:
        return String.format("r%d,0x%02X", d, ((x >>> 13) & 0xFFFF) - 0x20);
      case Op.OUT:
        return String.format("0x%02X,r%d", ((x >>> 13) & 0xFFFF) - 0x20, d);
      case Op.CBI, Op.SBI, Op.SBIC, Op.SBIS:
        return String.format("0x%02X,%d", ((x >>> 8) & 0xFFFF) - 0x20, (x >>> 24) & 7);
      case Op.SBRC, Op.SBRS, Op.BLD, Op.BST:
        return "r" + d + "," + (r & 7);
      case Op.ADIW, Op.SBIW:
        return String.format("r%d,0x%02X", d, (x >>> 13) & 63);
      case Op.LD_X: return "r" + d + ",X";
      case Op.LD_XP: return "r" + d + ",X+";
      case Op.LD_MX: return "r" + d + ",-X";
      case Op.LD_Y: return "r" + d + ",Y";
      case Op.LD_YP: return "r" + d + ",Y+";
      case Op.LD_MY: return "r" + d + ",-Y";
      case Op.LD_Z: return "r" + d + ",Z";
      case Op.LD_ZP: return "r" + d + ",Z+";
      case Op.LD_MZ: return "r" + d + ",-Z";
      case Op.ST_X: return "X,r" + d;
      case Op.ST_XP: return "X+,r" + d;
      case Op.ST_MX: return "-X,r" + d;
      case Op.ST_Y: return "Y,r" + d;
      case Op.ST_YP: return "Y+,r" + d;
      case Op.ST_MY: return "-Y,r" + d;
      case Op.ST_Z: return "Z,r" + d;
      case Op.ST_ZP: return "Z+,r" + d;
      case Op.ST_MZ: return "-Z,r" + d;
      case Op.LDD_Y: return "r" + d + ",Y+" + ((x >>> 13) & 63);
      case Op.LDD_Z: return "r" + d + ",Z+" + ((x >>> 13) & 63);
      case Op.STD_Y: return "Y+" + ((x >>> 13) & 63) + ",r" + d;
      case Op.STD_Z: return "Z+" + ((x >>> 13) & 63) + ",r" + d;
      case Op.RJMP, Op.RCALL: {
        int b = (x >> 8) * 2;
        return b >= 0 ? ".+" + b : ".-" + (-b);
      }
      case Op.BRBS, Op.BRBC: {
        int b = (x >> 11) * 2;
        return b >= 0 ? ".+" + b : ".-" + (-b);
      }
      default:
        return null;
    }
  }
}
