package org.switchboard.plugins.twilio;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.switchboard.api.FailureKind;
import org.switchboard.api.HttpCall;
import org.switchboard.api.HttpReply;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.MediaFetch;
import org.switchboard.api.MediaRef;

/**
 * Downloads an inbound attachment from the URL the webhook gave ({@code MediaUrl0}).
 *
 * <p>Example (anonymized): {@code GET https://api.twilio.com/2010-04-01/Accounts/AC…/Messages/MM…/Media/ME…}
 * with HTTP Basic auth answers with a redirect to the file, which the transport follows without the credential.
 * Twilio requires the credential on media URLs; SignalWire's media URLs are public. The credential is only sent
 * to the provider's own hosts.
 */
final class TwilioMedia {
  private final HttpTransport http;
  private final Logger log;
  private final Duration timeout;

  TwilioMedia(HttpTransport http, Logger log, Duration timeout) {
    this.http = http;
    this.log = log;
    this.timeout = timeout;
  }

  MediaFetch fetch(MediaRef media, TwilioAccount account, long maxBytes) {
    URI uri;
    try {
      uri = URI.create(media.reference().trim());
    } catch (IllegalArgumentException e) {
      return new MediaFetch.Failed(FailureKind.REJECTED, "the media reference is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
      return new MediaFetch.Failed(FailureKind.REJECTED, "the media reference is not an http(s) URL");
    }
    HttpCall.Builder call = HttpCall.get(uri).timeout(timeout).maxResponseBytes(maxBytes);
    if (account.mediaAuth() && isProviderHost(uri, account)) {
      account.authorize(call);
    }
    HttpReply reply;
    try {
      reply = http.send(call.build());
    } catch (org.switchboard.api.HttpTransport.ResponseTooLargeException e) {
      return tooLarge(maxBytes);
    } catch (IOException e) {
      log.warn("{} media download failed: {}", account.provider(), e.getClass().getSimpleName());
      return new MediaFetch.Failed(FailureKind.CONNECTION,
          "could not download the attachment (" + e.getClass().getSimpleName() + ")");
    }
    log.info("{} media download: HTTP {}, {} bytes", account.provider(), reply.status(), reply.body().length);
    return classify(account.provider(), media, reply, maxBytes);
  }

  private static MediaFetch classify(String provider, MediaRef media, HttpReply reply, long maxBytes) {
    int status = reply.status();
    if (reply.isSuccess()) {
      if (reply.body().length > maxBytes) {
        return tooLarge(maxBytes);
      }
      String type = reply.header("Content-Type").map(t -> t.split(";", 2)[0].trim()).filter(t -> !t.isEmpty())
          .or(media::contentType).orElse(null);
      return new MediaFetch.Fetched(reply.body(), type, media.filename());
    }
    if (status == 401 || status == 403) {
      return new MediaFetch.Failed(FailureKind.CONFIG,
          provider + " refused the media download (HTTP " + status + "); check the connector's credentials");
    }
    if (status == 404 || status == 410) {
      return new MediaFetch.Failed(FailureKind.REJECTED,
          "the attachment no longer exists at " + provider + " (HTTP " + status + ")");
    }
    if (status == 429) {
      return new MediaFetch.Failed(FailureKind.THROTTLED, provider + " asked us to slow down (HTTP 429)");
    }
    return new MediaFetch.Failed(FailureKind.BAD_RESPONSE,
        provider + " answered HTTP " + status + " to the media download");
  }

  private static MediaFetch tooLarge(long maxBytes) {
    return new MediaFetch.Failed(FailureKind.REJECTED, "the attachment is larger than " + maxBytes + " bytes");
  }

  /** The API origin itself, or https under twilio.com (media may be served from a regional API host). */
  private static boolean isProviderHost(URI uri, TwilioAccount account) {
    URI api = account.apiBase();
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    boolean sameOrigin = host.equals(Optional.ofNullable(api.getHost()).orElse("").toLowerCase(Locale.ROOT))
        && uri.getPort() == api.getPort() && uri.getScheme().equalsIgnoreCase(api.getScheme());
    boolean twilio = uri.getScheme().equalsIgnoreCase("https")
        && (host.equals("twilio.com") || host.endsWith(".twilio.com"));
    return sameOrigin || twilio;
  }
}
