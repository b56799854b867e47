package org.switchboard.plugins.meta;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.switchboard.api.FailureKind;
import org.switchboard.api.HttpCall;
import org.switchboard.api.HttpReply;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.MediaFetch;
import org.switchboard.api.MediaRef;
import org.switchboard.api.Secret;

/**
 * Downloads inbound attachments, capped in size and time.
 *
 * <p>WhatsApp (anonymized): {@code GET /v25.0/{media-id}} with the bearer token →
 * {@code {"url":"https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=…","mime_type":"image/jpeg",
 * "file_size":"303833","id":"…"}}, then {@code GET <url>} with the same token (the link lasts about five minutes, so
 * it is resolved only when the server fetches); afterwards Meta is asked to delete its copy
 * ({@code DELETE /v25.0/{media-id}}) so it is not kept longer than needed
 * (<a href="https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media">Media</a>). Messenger and
 * Instagram give a CDN link in the webhook that needs no token; the token is never sent to it.
 */
final class MetaMedia {
  private static final Pattern MEDIA_ID = Pattern.compile("[0-9]{1,32}");

  private final HttpTransport http;
  private final Logger log;
  private final Duration timeout;
  private final Duration apiTimeout;

  MetaMedia(HttpTransport http, Logger log, Duration timeout, Duration apiTimeout) {
    this.http = http;
    this.log = log;
    this.timeout = timeout;
    this.apiTimeout = apiTimeout;
  }

  MediaFetch whatsApp(MediaRef media, WhatsAppAccount account, long maxBytes) {
    String id = media.reference().trim();
    if (!MEDIA_ID.matcher(id).matches()) {
      return new MediaFetch.Failed(FailureKind.REJECTED, "the media reference is not a WhatsApp media id");
    }
    HttpReply meta;
    try {
      meta = http.send(HttpCall.get(account.uri("/" + id)).bearer(account.token()).timeout(apiTimeout).build());
    } catch (IOException e) {
      return connection(e);
    }
    if (!meta.isSuccess()) {
      return failed("looking up the attachment", meta, MetaJson.object(meta.body()));
    }
    JsonNode json = MetaJson.object(meta.body()).orElse(null);
    String url = json == null ? "" : MetaJson.text(json, "url").trim();
    Optional<URI> link = parse(url);
    if (link.isEmpty()) {
      return new MediaFetch.Failed(FailureKind.BAD_RESPONSE, "Meta gave no download link for the attachment");
    }
    long size = parseSize(MetaJson.text(json, "file_size"));
    if (size > maxBytes) {
      return tooLarge(maxBytes);
    }
    if (!trusted(link.get(), account.root())) {
      return new MediaFetch.Failed(FailureKind.REJECTED, "Meta's download link points outside Meta");
    }
    String type = MetaJson.text(json, "mime_type").trim();
    MediaFetch fetched = download(HttpCall.get(link.get()).bearer(account.token()), media,
        type.isEmpty() ? media.contentType() : Optional.of(type), maxBytes);
    if (fetched instanceof MediaFetch.Fetched) {
      deleteProviderCopy(account, id);
    }
    return fetched;
  }

  /** A Messenger or Instagram attachment: a CDN link, fetched without credentials. */
  MediaFetch link(MediaRef media, long maxBytes) {
    Optional<URI> link = parse(media.reference().trim());
    if (link.isEmpty() || !"https".equalsIgnoreCase(link.get().getScheme()) && !isLoopback(link.get())) {
      return new MediaFetch.Failed(FailureKind.REJECTED, "the media reference is not an https link");
    }
    return download(HttpCall.get(link.get()), media, Optional.empty(), maxBytes);
  }

  private MediaFetch download(HttpCall.Builder call, MediaRef media, Optional<String> type, long maxBytes) {
    HttpReply reply;
    try {
      reply = http.send(call.timeout(timeout).maxResponseBytes(maxBytes).build());
    } catch (HttpTransport.ResponseTooLargeException e) {
      return tooLarge(maxBytes);
    } catch (IOException e) {
      return connection(e);
    }
    log.info("meta media download: HTTP {}, {} bytes", reply.status(), reply.body().length);
    if (!reply.isSuccess()) {
      return failed("downloading the attachment", reply, Optional.empty());
    }
    if (reply.body().length > maxBytes) {
      return tooLarge(maxBytes);
    }
    String contentType = type.filter(t -> !t.isBlank()).or(() -> reply.header("Content-Type")
        .map(t -> t.split(";", 2)[0].trim()).filter(t -> !t.isEmpty())).or(media::contentType).orElse(null);
    return new MediaFetch.Fetched(reply.body(), contentType, media.filename());
  }

  /** Best effort: a failure here leaves Meta's copy to expire on its own and changes nothing else. */
  private void deleteProviderCopy(WhatsAppAccount account, String id) {
    try {
      HttpReply reply = http.send(HttpCall.request("DELETE", account.uri("/" + id)).bearer(account.token())
          .timeout(apiTimeout).build());
      log.info("whatsapp media: provider copy delete answered HTTP {}", reply.status());
    } catch (IOException e) {
      log.info("whatsapp media: provider copy not deleted ({})", e.getClass().getSimpleName());
    }
  }

  private static MediaFetch failed(String doing, HttpReply reply, Optional<JsonNode> json) {
    int status = reply.status();
    if (status == 404 || status == 410) {
      return new MediaFetch.Failed(FailureKind.REJECTED, "the attachment no longer exists at Meta (HTTP "
          + status + ")");
    }
    GraphError error = GraphError.of(status, json);
    return new MediaFetch.Failed(error.kind(), "Meta refused " + doing + " (HTTP " + status + ")"
        + error.providerCode().map(c -> ": " + error.reason()).orElse(""));
  }

  private MediaFetch connection(IOException e) {
    log.warn("meta media download failed: {}", e.getClass().getSimpleName());
    return new MediaFetch.Failed(FailureKind.CONNECTION,
        "could not download the attachment (" + e.getClass().getSimpleName() + ")");
  }

  private static MediaFetch tooLarge(long maxBytes) {
    return new MediaFetch.Failed(FailureKind.REJECTED, "the attachment is larger than " + maxBytes + " bytes");
  }

  private static long parseSize(String size) {
    try {
      return Long.parseLong(size.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Optional<URI> parse(String url) {
    try {
      URI uri = URI.create(url);
      return uri.isAbsolute() && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The token goes only to Meta's own hosts over https, or to the configured API origin (local fakes). */
  static boolean trusted(URI link, URI apiRoot) {
    String host = link.getHost().toLowerCase(Locale.ROOT);
    boolean sameOrigin = link.getScheme().equalsIgnoreCase(apiRoot.getScheme())
        && String.valueOf(link.getRawAuthority()).equalsIgnoreCase(apiRoot.getRawAuthority());
    boolean meta = link.getScheme().equalsIgnoreCase("https")
        && (host.equals("lookaside.fbsbx.com") || host.endsWith(".fbsbx.com") || host.endsWith(".facebook.com")
        || host.endsWith(".whatsapp.net") || host.endsWith(".fbcdn.net"));
    return sameOrigin || meta;
  }

  private static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    return "http".equalsIgnoreCase(uri.getScheme())
        && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
  }
}
