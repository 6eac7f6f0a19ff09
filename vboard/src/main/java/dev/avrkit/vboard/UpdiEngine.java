package dev.avrkit.vboard;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The UPDI physical/data-link and access layer of a target, one byte at a time: SYNCH, LDS, STS,
 * LD, ST (pointer, *ptr, *ptr++), LDCS, STCS, REPEAT, KEY and SIB, with acknowledgements (0x40)
 * unless CTRLA.RSD is set. Bytes before a SYNCH are ignored, as a target waiting for SYNCH does.
 * {@link #receive} returns what the target sends back (the caller echoes the host's own bytes,
 * which a single-wire UPDI line does by itself).
 */
final class UpdiEngine {
  static final int SYNCH = 0x55;
  static final int ACK = 0x40;

  private enum State { IDLE, OPCODE, ADDR, DATA, KEY, REPEAT_COUNT, STCS_DATA }

  private final Nvm0Chip chip;
  private State state = State.IDLE;
  private int opcode;
  private final byte[] collect = new byte[8];
  private int need;
  private int got;
  private int address;
  private int pointer;
  private int repeat; // extra repetitions for the next LD/ST
  private int elementsLeft;
  private int ctrla;
  private int ctrlb;
  private int asiCtrla = 0x03;
  private long instructions;
  /** While the bus is stalled (a store waiting for the NVM), bytes arriving on the line are lost. */
  private long deafUntil;
  private long lostBytes;

  UpdiEngine(Nvm0Chip chip) {
    this.chip = chip;
  }

  /** A double BREAK: back to waiting for SYNCH, control registers to their reset values. */
  void reset() {
    state = State.IDLE;
    deafUntil = 0;
    repeat = 0;
    ctrla = 0;
    ctrlb = 0;
  }

  long instructions() {
    return instructions;
  }

  /** Bytes the target missed because they arrived while a store stalled its bus. */
  long lostBytes() {
    return lostBytes;
  }

  /**
   * A store to the NVM page buffer while the NVM controller is busy holds the UPDI's bus access
   * until the controller is done; the UPDI takes no byte from the line meanwhile, so a host that
   * keeps sending loses those bytes (and the instruction stream falls out of step).
   */
  private void store(int a, byte v) {
    long stall = chip.stallNanos(a);
    if (stall > 0) deafUntil = chip.now() + stall;
    chip.write(a, v);
  }

  /** Guard time in bit periods before the target answers (CTRLA.GTVAL: 0 = 128 ... 6 = 2). */
  int guardBits() {
    int gt = ctrla & 0x07;
    return gt >= 7 ? 2 : 128 >> gt;
  }

  private boolean acks() {
    return (ctrla & 0x08) == 0;
  }

  private static int addrBytes(int code) {
    return code == 0 ? 1 : code == 1 ? 2 : 3;
  }

  /** Feeds one byte from the host; returns the target's answer bytes (often none). */
  byte[] receive(int b) {
    b &= 0xFF;
    if (deafUntil != 0) {
      if (chip.now() < deafUntil) {
        lostBytes++;
        return new byte[0];
      }
      deafUntil = 0;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(4);
    switch (state) {
      case IDLE -> {
        if (b == SYNCH) state = State.OPCODE;
      }
      case OPCODE -> opcode(b, out);
      case ADDR -> {
        collect[got++] = (byte) b;
        if (got == need) {
          address = littleEndian(need);
          if ((opcode & 0xE0) == 0x00) { // LDS
            int size = (opcode & 0x03) + 1;
            for (int i = 0; i < size; i++) out.write(chip.read(address + i));
            state = State.IDLE;
          } else if ((opcode & 0xE0) == 0x40) { // STS: ack the address, then data
            if (acks()) out.write(ACK);
            state = State.DATA;
            need = (opcode & 0x03) + 1;
            got = 0;
          } else { // ST ptr
            pointer = address;
            if (acks()) out.write(ACK);
            state = State.IDLE;
          }
        }
      }
      case DATA -> {
        collect[got++] = (byte) b;
        if (got == need) {
          if ((opcode & 0xE0) == 0x40) {
            for (int i = 0; i < need; i++) store(address + i, collect[i]);
            if (acks()) out.write(ACK);
            state = State.IDLE;
          } else { // ST *ptr / *ptr++
            for (int i = 0; i < need; i++) store(pointer + i, collect[i]);
            if (((opcode >> 2) & 0x03) == 1) pointer += need;
            if (acks()) out.write(ACK);
            got = 0;
            if (--elementsLeft <= 0) state = State.IDLE;
          }
        }
      }
      case STCS_DATA -> {
        storeCs(opcode & 0x0F, b);
        state = State.IDLE;
      }
      case REPEAT_COUNT -> {
        collect[got++] = (byte) b;
        if (got == need) {
          repeat = littleEndian(need);
          state = State.IDLE;
        }
      }
      case KEY -> {
        collect[got++] = (byte) b;
        if (got == need) {
          if (need == 8) chip.key(littleEndianLong(8));
          state = State.IDLE;
        }
      }
    }
    return out.toByteArray();
  }

  private long littleEndianLong(int n) {
    long v = 0;
    for (int i = n - 1; i >= 0; i--) v = (v << 8) | (collect[i] & 0xFF);
    return v;
  }

  private int littleEndian(int n) {
    return (int) littleEndianLong(n);
  }

  private void opcode(int b, ByteArrayOutputStream out) {
    instructions++;
    opcode = b;
    got = 0;
    int kind = b & 0xE0;
    switch (kind) {
      case 0x00, 0x40 -> { // LDS, STS
        need = addrBytes((b >> 2) & 0x03);
        state = State.ADDR;
      }
      case 0x20 -> { // LD
        int size = (b & 0x03) + 1;
        int ptr = (b >> 2) & 0x03;
        if (ptr == 2) { // LD ptr: the pointer itself
          for (int i = 0; i < size; i++) out.write((pointer >> (8 * i)) & 0xFF);
        } else {
          int count = repeat + 1;
          for (int n = 0; n < count; n++) {
            for (int i = 0; i < size; i++) out.write(chip.read(pointer + i));
            if (ptr == 1) pointer += size;
          }
        }
        repeat = 0;
        state = State.IDLE;
      }
      case 0x60 -> { // ST
        int ptr = (b >> 2) & 0x03;
        if (ptr == 2) {
          need = addrBytes(b & 0x03);
          state = State.ADDR;
        } else {
          need = (b & 0x03) + 1;
          elementsLeft = repeat + 1;
          repeat = 0;
          state = State.DATA;
        }
      }
      case 0x80 -> { // LDCS
        out.write(loadCs(b & 0x0F));
        state = State.IDLE;
      }
      case 0xC0 -> state = State.STCS_DATA;
      case 0xA0 -> { // REPEAT
        need = (b & 0x03) + 1;
        state = State.REPEAT_COUNT;
      }
      case 0xE0 -> { // KEY / SIB
        if ((b & 0x04) != 0) {
          int len = 8 << (b & 0x03);
          byte[] sib = chip.layout.sib().getBytes(StandardCharsets.US_ASCII);
          for (int i = 0; i < len; i++) out.write(i < sib.length ? sib[i] : 0);
          state = State.IDLE;
        } else {
          need = 8 << (b & 0x03);
          state = State.KEY;
        }
      }
      default -> state = State.IDLE;
    }
  }

  private int loadCs(int reg) {
    return switch (reg) {
      case 0x0 -> chip.v2 ? 0x30 : 0x10; // STATUSA: UPDI revision 1 (3 on AVR Dx)
      case 0x1 -> 0x00; // STATUSB: no error
      case 0x2 -> ctrla;
      case 0x3 -> ctrlb;
      case 0x7 -> chip.keyStatus();
      case 0x8 -> 0x00;
      case 0x9 -> asiCtrla;
      case 0xB -> chip.sysStatus();
      default -> 0x00;
    };
  }

  private void storeCs(int reg, int v) {
    switch (reg) {
      case 0x2 -> ctrla = v;
      case 0x3 -> {
        ctrlb = v;
        if ((v & 0x04) != 0) {
          chip.updiDisabled();
          reset();
        }
      }
      case 0x7 -> chip.clearKeys(v);
      case 0x8 -> chip.resetRequest(v);
      case 0xA -> chip.sysCtrlA(v);
      case 0x9 -> asiCtrla = v;
      default -> {}
    }
  }
}
