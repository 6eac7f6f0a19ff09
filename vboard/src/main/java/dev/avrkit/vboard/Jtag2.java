package dev.avrkit.vboard;

import java.nio.charset.StandardCharsets;

/** JTAGICE mkII framing and constants (the jtag2updi dialect). */
final class Jtag2 {
  private Jtag2() {}

  static final byte MESSAGE_START = 0x1B;
  static final byte TOKEN = 0x0E;
  static final int CMND_SIGN_OFF = 0x00;
  static final int CMND_GET_SIGN_ON = 0x01;
  static final int CMND_SET_PARAMETER = 0x02;
  static final int CMND_GET_PARAMETER = 0x03;
  static final int CMND_WRITE_MEMORY = 0x04;
  static final int CMND_READ_MEMORY = 0x05;
  static final int CMND_GO = 0x08;
  static final int CMND_RESET = 0x0B;
  static final int CMND_SET_DEVICE_DESCRIPTOR = 0x0C;
  static final int CMND_GET_SYNC = 0x0F;
  static final int CMND_ENTER_PROGMODE = 0x14;
  static final int CMND_LEAVE_PROGMODE = 0x15;
  static final int CMND_XMEGA_ERASE = 0x34;
  static final int CMND_SET_XMEGA_PARAMS = 0x36;
  static final int RSP_OK = 0x80;
  static final int RSP_PARAMETER = 0x81;
  static final int RSP_MEMORY = 0x82;
  static final int RSP_SIGN_ON = 0x86;
  static final int RSP_FAILED = 0xA0;
  static final int RSP_ILLEGAL_MEMORY_TYPE = 0xA2;
  static final int RSP_ILLEGAL_MCU_STATE = 0xA5;
  static final int RSP_ILLEGAL_VALUE = 0xA6;
  static final int MTYPE_SRAM = 0x20;
  static final int MTYPE_EEPROM = 0x22;
  static final int MTYPE_FLASH_PAGE = 0xB0;
  static final int MTYPE_FUSE_BITS = 0xB2;
  static final int MTYPE_LOCK_BITS = 0xB3;
  static final int MTYPE_SIGN_JTAG = 0xB4;
  static final int MTYPE_FLASH = 0xC0;
  static final int MTYPE_BOOT_FLASH = 0xC1;
  static final int MTYPE_EEPROM_XMEGA = 0xC4;
  static final int MTYPE_USERSIG = 0xC5;
  static final int MTYPE_PRODSIG = 0xC6;

  /** CRC-16/MCRF4XX: reflected polynomial 0x8408, initial value 0xFFFF, no final XOR. */
  static int crc(byte[] data, int off, int len) {
    int crc = 0xFFFF;
    for (int i = off; i < off + len; i++) {
      crc ^= data[i] & 0xFF;
      for (int b = 0; b < 8; b++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
    }
    return crc & 0xFFFF;
  }

  static long u32(byte[] b, int off) {
    return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16
        | (b[off + 3] & 0xFFL) << 24;
  }

  static byte[] frame(int seq, byte[] body) {
    byte[] f = new byte[8 + body.length + 2];
    f[0] = MESSAGE_START;
    f[1] = (byte) seq;
    f[2] = (byte) (seq >> 8);
    f[3] = (byte) body.length;
    f[4] = (byte) (body.length >> 8);
    f[5] = (byte) (body.length >> 16);
    f[6] = (byte) (body.length >> 24);
    f[7] = TOKEN;
    System.arraycopy(body, 0, f, 8, body.length);
    int c = crc(f, 0, f.length - 2);
    f[f.length - 2] = (byte) c;
    f[f.length - 1] = (byte) (c >> 8);
    return f;
  }

  /**
   * The sign-on answer: both MCUs report firmware {@code firmware} ({@code major << 8 | minor};
   * 6.07 like Arduino's MuxTO). Hosts read the S_MCU version (bytes 7 minor, 8 major).
   */
  static byte[] signOn(int firmware) {
    byte[] id = "JTAGICE mkII\0".getBytes(StandardCharsets.US_ASCII);
    byte[] r = new byte[16 + id.length];
    r[0] = (byte) RSP_SIGN_ON;
    r[1] = 0x01; // communication protocol version
    r[2] = (byte) 0xFF; // master MCU boot loader version
    r[3] = (byte) firmware; // master firmware minor
    r[4] = (byte) (firmware >> 8); // master firmware major
    r[5] = 0x01; // master hardware version
    r[6] = (byte) 0xFF;
    r[7] = (byte) firmware; // slave firmware minor
    r[8] = (byte) (firmware >> 8); // slave firmware major
    r[9] = 0x01;
    byte[] serial = {0x00, 0x00, 0x00, 0x00, 0x00, 0x01};
    System.arraycopy(serial, 0, r, 10, 6);
    System.arraycopy(id, 0, r, 16, id.length);
    return r;
  }
}
