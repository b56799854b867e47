package org.switchboard.crypto;

/**
 * Argon2id cost parameters. {@link #INTERACTIVE} is libsodium's interactive level (≈0.1–0.5 s here) and the
 * default; {@link #MODERATE} suits the recovery code; {@link #MINIMUM} exists only so tests run fast. Every wrap
 * and hash records its own parameters, so changing the level never locks anyone out.
 */
public record Argon2Cost(long opsLimit, long memLimit) {
  public static final Argon2Cost MINIMUM = new Argon2Cost(1, 8192);
  public static final Argon2Cost INTERACTIVE = new Argon2Cost(2, 67_108_864);
  public static final Argon2Cost MODERATE = new Argon2Cost(3, 268_435_456);

  /** The level named by {@code switchboard.kdf} ({@code interactive} unless the test suite asks for {@code minimum}). */
  public static Argon2Cost configured() {
    String level = System.getProperty("switchboard.kdf", "interactive");
    return "minimum".equals(level) ? MINIMUM : INTERACTIVE;
  }
}
