package dev.avrkit.program;

import java.util.Arrays;

/**
 * A test peer: the UPDI of an ATmega4809 (megaAVR 0, NVM controller v0) on a single wire: echo,
 * SYNCH, LDS/STS/LD/ST/REPEAT/LDCS/STCS/KEY/SIB, double break, programming mode by key, chip
 * erase by key, page buffer and NVM commands, lock bits. Memory is the 64 KiB data space.
 */
final class FakeUpdiChip implements PeerTransport.Peer {
  final byte[] data = new byte[0x10000];
  static final int FLASH = 0x4000;
  static final int FLASH_SIZE = 0xC000;
  static final int NVM = 0x1000;
  private final byte[] pageBuf = new byte[0x10000];
  private final boolean[] pageBufUsed = new boolean[0x10000];

  private enum St { IDLE, OP, ADDR, DATA, PTR, STCS, REPEAT, KEY, STDATA }

  private St st = St.IDLE;
  private int op;
  private int need;
  private long acc;
  private int got;
  private int ptr;
  private int repeat;
  private int stsAddr;
  private int ctrla;
  private int keyStatus;
  private boolean progMode;
  private final byte[] key = new byte[8];
  private int resetReq;
  int pageWrites;

  FakeUpdiChip() {
    Arrays.fill(data, FLASH, FLASH + FLASH_SIZE, (byte) 0xFF);
    Arrays.fill(data, 0x1400, 0x1500, (byte) 0xFF);
    Arrays.fill(data, 0x1300, 0x1340, (byte) 0xFF);
    data[0x1100] = 0x1E;
    data[0x1101] = (byte) 0x96;
    data[0x1102] = 0x51;
    data[0x128A] = (byte) 0xC5;
    data[0x1285] = (byte) 0xC9;
    data[0x1282] = 0x02;
  }

  boolean locked() { return (data[0x128A] & 0xFF) != 0xC5; }

  private int sysStatus() {
    return progMode ? 0x08 : locked() ? 0x83 : 0x82;
  }

  @Override
  public void receive(int b, PeerTransport out) {
    out.emit(b); // the single wire echoes
    if (out.baud() <= 600 && b == 0) { // BREAK
      st = St.IDLE;
      ctrla = 0;
      return;
    }
    switch (st) {
      case IDLE -> { if (b == 0x55) st = St.OP; }
      case OP -> opcode(b, out);
      case ADDR -> {
        acc |= (long) b << (8 * got++);
        if (got == need) {
          int a = (int) acc;
          if ((op & 0xE0) == 0x00) { // LDS
            int n = (op & 3) + 1;
            for (int i = 0; i < n; i++) out.emit(load(a + i));
            st = St.IDLE;
          } else { // STS
            stsAddr = a;
            if ((ctrla & 0x08) == 0) out.emit(0x40);
            st = St.DATA;
            got = 0;
            need = (op & 3) + 1;
          }
        }
      }
      case DATA -> {
        store(stsAddr + got, b);
        got++;
        if ((ctrla & 0x08) == 0) out.emit(0x40);
        if (got == need) st = St.IDLE;
      }
      case PTR -> {
        acc |= (long) b << (8 * got++);
        if (got == need) {
          ptr = (int) acc;
          if ((ctrla & 0x08) == 0) out.emit(0x40);
          st = St.IDLE;
        }
      }
      case STDATA -> {
        store(ptr++, b);
        if ((ctrla & 0x08) == 0 && ((got + 1) % need == 0)) out.emit(0x40);
        got++;
        if (got == need * (repeat + 1)) {
          repeat = 0;
          st = St.IDLE;
        }
      }
      case STCS -> {
        stcs(op & 0x0F, b);
        st = St.IDLE;
      }
      case REPEAT -> {
        repeat = b;
        st = St.IDLE;
      }
      case KEY -> {
        key[got++] = (byte) b;
        if (got == 8) {
          String k = new StringBuilder(new String(key, java.nio.charset.StandardCharsets.ISO_8859_1))
              .reverse().toString();
          if (k.equals("NVMProg ")) keyStatus |= 0x10;
          if (k.equals("NVMErase")) keyStatus |= 0x08;
          st = St.IDLE;
        }
      }
    }
  }

  private void opcode(int b, PeerTransport out) {
    op = b;
    got = 0;
    acc = 0;
    switch (b & 0xE0) {
      case 0x00, 0x40 -> {
        st = St.ADDR;
        need = ((b >> 2) & 3) + 1;
      }
      case 0x20 -> { // LD
        int mode = (b >> 2) & 3;
        int n = (b & 3) + 1;
        for (int r = 0; r <= repeat; r++) {
          for (int i = 0; i < n; i++) out.emit(load(ptr + i));
          if (mode == 1) ptr += n;
        }
        repeat = 0;
        st = St.IDLE;
      }
      case 0x60 -> { // ST
        int mode = (b >> 2) & 3;
        if (mode == 2) {
          st = St.PTR;
          need = (b & 3) + 1;
        } else {
          st = St.STDATA;
          need = (b & 3) + 1;
        }
      }
      case 0x80 -> {
        out.emit(ldcs(b & 0x0F));
        st = St.IDLE;
      }
      case 0xC0 -> st = St.STCS;
      case 0xA0 -> st = St.REPEAT;
      case 0xE0 -> {
        if ((b & 0x04) != 0) {
          int n = 8 << (b & 3);
          byte[] sib = Arrays.copyOf("megaAVR P:0D:1-3M2 (01.59B20.0)".getBytes(), n);
          for (byte x : sib) out.emit(x);
          st = St.IDLE;
        } else {
          st = St.KEY;
        }
      }
      default -> st = St.IDLE;
    }
  }

  private int ldcs(int reg) {
    return switch (reg) {
      case 0x0 -> 0x30;
      case 0x2 -> ctrla;
      case 0x7 -> keyStatus;
      case 0xB -> sysStatus();
      default -> 0;
    };
  }

  private void stcs(int reg, int v) {
    if (reg == 0x2) ctrla = v;
    if (reg == 0x3 && (v & 0x04) != 0) {
      progMode = false;
      st = St.IDLE;
    }
    if (reg == 0x8) {
      if (v == 0x59) resetReq = 1;
      else if (resetReq == 1 && v == 0) {
        resetReq = 0;
        if ((keyStatus & 0x08) != 0) {
          Arrays.fill(data, FLASH, FLASH + FLASH_SIZE, (byte) 0xFF);
          Arrays.fill(data, 0x1400, 0x1500, (byte) 0xFF);
          data[0x128A] = (byte) 0xC5;
          progMode = false;
        } else if ((keyStatus & 0x10) != 0 && !locked()) {
          progMode = true;
        } else {
          progMode = false;
        }
        keyStatus = 0;
      }
    }
  }

  private int load(int a) {
    a &= 0xFFFF;
    if (locked() && !progMode && (a >= FLASH || (a >= 0x1400 && a < 0x1500))) return 0;
    if (a == NVM + 2) return 0; // never busy
    return data[a] & 0xFF;
  }

  private void store(int a, int v) {
    a &= 0xFFFF;
    if (!progMode) return;
    if (a == NVM) {
      nvmCommand(v);
      return;
    }
    if (a >= FLASH || (a >= 0x1300 && a < 0x1500)) {
      pageBuf[a] = (byte) v;
      pageBufUsed[a] = true;
      return;
    }
    data[a] = (byte) v;
  }

  private void nvmCommand(int cmd) {
    switch (cmd) {
      case 1, 3 -> { // WP, ERWP
        pageWrites++;
        for (int a = 0x1300; a < 0x10000; a++) {
          if (!pageBufUsed[a]) continue;
          boolean eep = a < FLASH;
          if (cmd == 3 || eep) data[a] = pageBuf[a];
          else data[a] &= pageBuf[a];
        }
        clearBuffer();
      }
      case 4 -> clearBuffer();
      case 5 -> {
        Arrays.fill(data, FLASH, FLASH + FLASH_SIZE, (byte) 0xFF);
        Arrays.fill(data, 0x1400, 0x1500, (byte) 0xFF);
      }
      case 7 -> {
        int addr = (data[NVM + 8] & 0xFF) | (data[NVM + 9] & 0xFF) << 8;
        data[addr] = data[NVM + 6];
      }
      default -> { }
    }
  }

  private void clearBuffer() {
    Arrays.fill(pageBuf, (byte) 0xFF);
    Arrays.fill(pageBufUsed, false);
  }
}
