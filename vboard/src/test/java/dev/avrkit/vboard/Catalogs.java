package dev.avrkit.vboard;

import dev.avrkit.device.DeviceCatalog;

/** One device catalog for the tests of this JVM (AVRKIT_PACKS / AVRKIT_PACKS_DEFAULT). */
final class Catalogs {
  private Catalogs() {}

  private static DeviceCatalog catalog;

  static synchronized DeviceCatalog get() {
    if (catalog == null) catalog = DeviceCatalog.fromEnvironment();
    return catalog;
  }

  static ChipLayout layout(String device) {
    return ChipLayout.of(get().device(device));
  }
}
