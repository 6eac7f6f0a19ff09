package dev.avrkit.program;

/**
 * Lower bounds on how long writing and verifying an image must take, from the bits the protocol
 * cannot avoid moving: the image's bytes once towards the chip and once back (the verify read),
 * at the line's bits per byte and baud rate. Protocol headers, NVM commands, latency and the
 * chip's write time come on top, so no tool can beat these.
 */
public final class WireBound {
  private WireBound() {}

  /** SerialUPDI: 12-bit frames (8E2) on the single wire, each byte out and each byte back. */
  public static double serialUpdiSeconds(long bytes, int baud) {
    return 2.0 * bytes * 12 / baud;
  }

  /**
   * jtag2updi bridge (the Nano Every's MuxTO): the slower of the two links, the USB side (10-bit
   * frames at the host's baud, bytes out and back) and the bridge's UPDI side, which acknowledges
   * every written byte after the target's guard time ({@code guardBits}, 128 by default) and
   * streams the verify read in 12-bit frames.
   */
  public static double jtag2updiSeconds(long bytes, int usbBaud, int updiBaud, int guardBits) {
    double usb = 2.0 * bytes * 10 / usbBaud;
    double updi = (bytes * (12.0 + guardBits + 12.0) + bytes * 12.0) / updiBaud;
    return Math.max(usb, updi);
  }

  /** STK500v1 over 8N1: bytes out and back at 10 bits each. */
  public static double stk500Seconds(long bytes, int baud) {
    return 2.0 * bytes * 10 / baud;
  }
}
