package dev.avrkit.program;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * JTAGICE mkII framing: {@code 1B, sequence u16 LE, size u32 LE, 0E, body, CRC-16 LE} (CRC over
 * everything before it). Sends a command body and returns the answer body of the same sequence
 * number; frames with a bad CRC or another sequence number are skipped; a missing answer makes
 * the command go out again (same sequence number) up to {@code retries} times.
 */
public final class JtagMk2 {
  public static final int MESSAGE_START = 0x1B;
  public static final int TOKEN = 0x0E;

  // commands
  public static final int CMND_SIGN_OFF = 0x00;
  public static final int CMND_GET_SIGN_ON = 0x01;
  public static final int CMND_SET_PARAMETER = 0x02;
  public static final int CMND_GET_PARAMETER = 0x03;
  public static final int CMND_WRITE_MEMORY = 0x04;
  public static final int CMND_READ_MEMORY = 0x05;
  public static final int CMND_GO = 0x08;
  public static final int CMND_RESET = 0x0B;
  public static final int CMND_SET_DEVICE_DESCRIPTOR = 0x0C;
  public static final int CMND_GET_SYNC = 0x0F;
  public static final int CMND_ENTER_PROGMODE = 0x14;
  public static final int CMND_LEAVE_PROGMODE = 0x15;
  public static final int CMND_XMEGA_ERASE = 0x34;

  // answers
  public static final int RSP_OK = 0x80;
  public static final int RSP_PARAMETER = 0x81;
  public static final int RSP_MEMORY = 0x82;
  public static final int RSP_SIGN_ON = 0x86;

  private final Transport line;
  private int sequence;
  private long timeoutMillis = 1000;
  private int retries = 3;

  public JtagMk2(Transport line) { this.line = line; }

  public Transport transport() { return line; }

  public void setTimeoutMillis(long t) { timeoutMillis = t; }

  public void setRetries(int r) { retries = r; }

  /** The frame bytes for a body with a sequence number. */
  public static byte[] frame(int seq, byte[] body) {
    byte[] f = new byte[8 + body.length + 2];
    f[0] = MESSAGE_START;
    f[1] = (byte) seq;
    f[2] = (byte) (seq >> 8);
    int n = body.length;
    f[3] = (byte) n;
    f[4] = (byte) (n >> 8);
    f[5] = (byte) (n >> 16);
    f[6] = (byte) (n >> 24);
    f[7] = TOKEN;
    System.arraycopy(body, 0, f, 8, n);
    int crc = Crc16.of(f, 0, 8 + n);
    f[8 + n] = (byte) crc;
    f[9 + n] = (byte) (crc >> 8);
    return f;
  }

  /** Sends a command and returns the answer's body (first byte: the answer code). */
  public byte[] command(byte... body) {
    int seq = sequence;
    sequence = (sequence + 1) & 0xFFFF;
    byte[] f = frame(seq, body);
    LinkException last = null;
    for (int attempt = 0; attempt <= retries; attempt++) {
      line.write(f);
      try {
        return receive(seq);
      } catch (LinkException e) {
        last = e;
        line.discardInput();
      }
    }
    throw new LinkException(String.format("%s: no valid answer to JTAGICE mkII command 0x%02X after "
        + "%d tries (%s)", line.name(), body[0] & 0xFF, retries + 1, last.getMessage()), last);
  }

  private byte[] receive(int seq) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (true) {
      long left = Math.max(1, deadline - System.currentTimeMillis());
      int b = line.read(1, left)[0] & 0xFF;
      if (b != MESSAGE_START) continue;
      byte[] head = line.read(7, Math.max(1, deadline - System.currentTimeMillis()) + 50);
      long size = (head[2] & 0xFFL) | (head[3] & 0xFFL) << 8 | (head[4] & 0xFFL) << 16
          | (head[5] & 0xFFL) << 24;
      if ((head[6] & 0xFF) != TOKEN || size > 4096 || size == 0) continue;
      byte[] rest = line.read((int) size + 2, timeoutMillis);
      byte[] all = new byte[8 + (int) size];
      all[0] = MESSAGE_START;
      System.arraycopy(head, 0, all, 1, 7);
      System.arraycopy(rest, 0, all, 8, (int) size);
      int crc = (rest[(int) size] & 0xFF) | (rest[(int) size + 1] & 0xFF) << 8;
      if (crc != Crc16.of(all)) {
        throw new LinkException(line.name() + ": answer frame with a bad CRC");
      }
      int got = (head[0] & 0xFF) | (head[1] & 0xFF) << 8;
      if (got != seq) {
        if (System.currentTimeMillis() > deadline) {
          throw new LinkException(line.name() + ": answers carry sequence " + got + ", not " + seq);
        }
        continue; // an event or a late answer to an earlier command
      }
      return Arrays.copyOfRange(all, 8, all.length);
    }
  }

  /** Sends a command and checks that the answer starts with {@code expected}. */
  public byte[] expect(int expected, String what, byte... body) {
    byte[] a = command(body);
    if ((a[0] & 0xFF) != expected) {
      throw new LinkException(String.format("%s: %s failed: the programmer answered %s (%s)",
          line.name(), what, HexFormat.of().withUpperCase().formatHex(a, 0, Math.min(a.length, 8)),
          answerName(a[0] & 0xFF)));
    }
    return a;
  }

  /** A readable name for an answer code. */
  public static String answerName(int code) {
    return switch (code) {
      case 0x80 -> "OK";
      case 0x81 -> "PARAMETER";
      case 0x82 -> "MEMORY";
      case 0x86 -> "SIGN_ON";
      case 0xA0 -> "FAILED";
      case 0xA1 -> "ILLEGAL_PARAMETER";
      case 0xA2 -> "ILLEGAL_MEMORY_TYPE";
      case 0xA3 -> "ILLEGAL_MEMORY_RANGE";
      case 0xA5 -> "ILLEGAL_MCU_STATE: the chip is not in programming mode or locked";
      case 0xA6 -> "ILLEGAL_VALUE";
      case 0xAA -> "ILLEGAL_COMMAND";
      case 0xAB -> "NO_TARGET_POWER";
      default -> "unknown";
    };
  }
}
