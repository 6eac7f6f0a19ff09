package dev.avrkit.circuit;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** PNG pictures of display parts: written with ImageIO, compared pixel for pixel. */
public final class Png {
  private Png() {}

  public static void write(BufferedImage img, Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) Files.createDirectories(dir);
      if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer");
    } catch (IOException e) {
      throw new CircuitException(file + ": cannot write the PNG (" + e.getMessage() + ")");
    }
  }

  /** Reads a PNG; a missing or unreadable file is a {@link CircuitException}. */
  public static BufferedImage read(Path file) {
    if (!Files.isRegularFile(file)) throw new CircuitException(file + ": no such file (a take-screenshot compare-with picture)");
    try {
      BufferedImage img = ImageIO.read(file.toFile());
      if (img == null) throw new CircuitException(file + ": not a PNG picture");
      return img;
    } catch (IOException | RuntimeException e) {
      if (e instanceof CircuitException ce) throw ce;
      throw new CircuitException(file + ": cannot read the PNG (" + e.getMessage() + ")");
    }
  }

  /** How many pixels differ (RGB), and the first one as "x,y", for equal-sized pictures. */
  public record Difference(int count, int x, int y) {}

  public static Difference compare(BufferedImage a, BufferedImage b) {
    int count = 0, fx = -1, fy = -1;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        if ((a.getRGB(x, y) & 0xFFFFFF) != (b.getRGB(x, y) & 0xFFFFFF)) {
          if (count++ == 0) {
            fx = x;
            fy = y;
          }
        }
      }
    }
    return new Difference(count, fx, fy);
  }
}
