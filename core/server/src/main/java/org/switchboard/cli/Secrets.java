package org.switchboard.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads passwords from files (never from flags, which show in process lists and shell history). */
final class Secrets {
  private Secrets() {}

  static String readPasswordFile(String file, String what) {
    if (file == null || file.isBlank()) {
      throw new IllegalArgumentException(what + " file is required");
    }
    try {
      String text = "-".equals(file) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
          : Files.readString(Path.of(file), StandardCharsets.UTF_8);
      String firstLine = text.lines().findFirst().orElse("");
      if (firstLine.isEmpty()) {
        throw new IllegalArgumentException(what + " file is empty");
      }
      return firstLine;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + what + " file " + file + ": " + e.getMessage());
    }
  }
}
