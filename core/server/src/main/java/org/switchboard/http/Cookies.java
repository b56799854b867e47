package org.switchboard.http;

import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;

/** The cookies Switchboard sets: HttpOnly, SameSite, and Secure whenever the public URL is HTTPS. */
public final class Cookies {
  public static final String SESSION = "sb_session";

  private Cookies() {}

  public static NewCookie session(String value, boolean secure) {
    return new NewCookie.Builder(SESSION).value(value).path("/").httpOnly(true).secure(secure)
        .sameSite(NewCookie.SameSite.LAX).build();
  }

  public static NewCookie expire(String name, String path, boolean secure) {
    return new NewCookie.Builder(name).value("").path(path).maxAge(0).httpOnly(true).secure(secure)
        .sameSite(NewCookie.SameSite.LAX).build();
  }

  /** A long-lived cookie scoped to one path (the web chat visitor's key). */
  public static NewCookie scoped(String name, String value, String path, Duration maxAge, boolean secure) {
    return new NewCookie.Builder(name).value(value).path(path).maxAge((int) maxAge.toSeconds()).httpOnly(true)
        .secure(secure).sameSite(NewCookie.SameSite.LAX).build();
  }
}
