package dev.avrkit.device;

import java.nio.file.Path;

/**
 * Where a device's description came from: the pack's name (e.g. "ATmega_DFP"), its release
 * ("2.3.126", or the folder's name when no version is known), and the ATDF file.
 */
public record PackInfo(String name, String release, Path source, String schemaVersion) {}
