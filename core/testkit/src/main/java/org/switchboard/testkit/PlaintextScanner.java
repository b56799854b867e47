package org.switchboard.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Looks for plaintext on disk: every file under a folder (database, WAL, shared memory, logs, backups, and the
 * entries inside backup zips), as UTF-8 and as UTF-16 bytes.
 */
public final class PlaintextScanner {
  private PlaintextScanner() {}

  /** The files (and zip entries) under {@code root} that contain any of {@code needles}. */
  public static List<String> findAny(Path root, List<String> needles) throws IOException {
    List<String> hits = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] data = Files.readAllBytes(file);
        scan(file.toString(), data, needles, hits);
        if (file.toString().endsWith(".zip")) {
          try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
              scan(file + "!" + entry.getName(), zip.readAllBytes(), needles, hits);
            }
          }
        }
      }
    }
    return hits;
  }

  /** Whether {@code data} contains any needle. */
  public static List<String> scan(String name, byte[] data, List<String> needles, List<String> hits) {
    for (String needle : needles) {
      if (contains(data, needle.getBytes(StandardCharsets.UTF_8))
          || contains(data, needle.getBytes(StandardCharsets.UTF_16LE))) {
        hits.add(name + " contains \"" + needle + "\"");
      }
    }
    return hits;
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
