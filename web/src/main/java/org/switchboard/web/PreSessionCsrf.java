package org.switchboard.web;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import java.util.Base64;
import org.switchboard.crypto.Crypto;
import org.switchboard.errors.PermissionDeniedException;
import org.switchboard.http.Cookies;

/**
 * CSRF protection for forms shown before anyone is logged in (login, setup): a random token both in a cookie and
 * in the form (double submit), so another site cannot log a browser into an account of its choosing.
 */
final class PreSessionCsrf {
  static final String COOKIE = "sb_form";

  private PreSessionCsrf() {}

  /** The token to put in the form, reusing the browser's cookie when it has one. */
  static String token(HttpHeaders headers) {
    Cookie cookie = headers.getCookies().get(COOKIE);
    if (cookie != null && cookie.getValue().matches("[A-Za-z0-9_-]{43}")) {
      return cookie.getValue();
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Crypto.get().randomBytes(32));
  }

  static NewCookie cookie(String token, boolean secure) {
    return new NewCookie.Builder(COOKIE).value(token).path("/").httpOnly(true).secure(secure)
        .sameSite(NewCookie.SameSite.STRICT).build();
  }

  static void check(HttpHeaders headers, String formValue) {
    Cookie cookie = headers.getCookies().get(COOKIE);
    if (cookie == null || formValue == null || !Crypto.get().constantTimeEquals(cookie.getValue(), formValue)) {
      throw new PermissionDeniedException("this form has expired; reload the page and try again");
    }
  }

  static NewCookie clear(boolean secure) {
    return Cookies.expire(COOKIE, "/", secure);
  }
}
