package dev.avrkit.device;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Every device that the configured pack sources describe. Pack sources: folders of {@code .atdf}
 * files, unpacked packs ({@code *.pdsc} + {@code atdf/}), {@code .atpack} zips, and the installed
 * packs in the user's cache. When several packs describe one device the newest release wins
 * unless a pack is pinned.
 *
 * <p>Entry points: {@link #fromEnvironment()} (AVRKIT_PACKS, then AVRKIT_PACKS_DEFAULT, then the
 * cache) and {@link #of(List)}. Implemented by the device module (see AtdfReader / PackSources).
 */
public interface DeviceCatalog {

  /** Summaries of all devices (cheap: may come from an index cache). */
  List<DeviceSummary> devices();

  /** The full model of one device (case-insensitive name); throws {@link AvrkitException} with
   * close-name suggestions when unknown. */
  Device device(String name);

  /** Like {@link #device} but empty when unknown. */
  Optional<Device> find(String name);

  /** Problems met while loading (one line each: file, line, column, what); other devices load. */
  List<String> problems();

  /** A one-line summary of a device for listings. */
  record DeviceSummary(
      String name,
      String family,
      Architecture architecture,
      long flashSize,
      long ramSize,
      long eepromSize,
      List<String> programmingInterfaces,
      String pack,
      String release,
      Path source) {}

  /**
   * The catalog of AVRKIT_PACKS / AVRKIT_PACKS_DEFAULT and the installed packs; a device no pack
   * describes has its pack installed from the pack server on first use (progress on stderr).
   */
  static DeviceCatalog fromEnvironment() {
    return InstallingCatalog.fromEnvironment(System.err);
  }

  static DeviceCatalog of(List<Path> sources) { return PackSources.of(sources).catalog(); }
}
