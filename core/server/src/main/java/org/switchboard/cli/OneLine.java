package org.switchboard.cli;

/** Turns a failure into the one-line reason a command prints (no stack traces for expected problems). */
final class OneLine {
  private OneLine() {}

  static String of(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getMessage() == null) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      message = root.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
