package org.switchboard.users;

import java.util.Locale;
import java.util.regex.Pattern;
import org.switchboard.errors.BadInputException;

/** Normalizes and checks e-mail addresses and passwords typed into forms and the CLI. */
public final class Emails {
  private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
  public static final int MIN_PASSWORD = 10;
  public static final int MAX_PASSWORD = 1024;

  private Emails() {}

  public static String normalize(String email) {
    String cleaned = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    if (cleaned.length() > 254 || !SHAPE.matcher(cleaned).matches()) {
      throw new BadInputException("email", "enter a valid e-mail address");
    }
    return cleaned;
  }

  public static void checkPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD) {
      throw new BadInputException("password", "password must be at least " + MIN_PASSWORD + " characters");
    }
    if (password.length() > MAX_PASSWORD) {
      throw new BadInputException("password", "password must be at most " + MAX_PASSWORD + " characters");
    }
  }
}
