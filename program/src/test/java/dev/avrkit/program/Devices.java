package dev.avrkit.program;

import dev.avrkit.device.Device;
import dev.avrkit.device.DeviceCatalog;

/** The device models the tests use, from the ATDF files (AVRKIT_PACKS / AVRKIT_PACKS_DEFAULT). */
final class Devices {
  private static DeviceCatalog catalog;

  static synchronized Device get(String name) {
    if (catalog == null) catalog = DeviceCatalog.fromEnvironment();
    return catalog.device(name);
  }

  static TargetInfo target(String name) { return TargetInfo.of(get(name)); }
}
