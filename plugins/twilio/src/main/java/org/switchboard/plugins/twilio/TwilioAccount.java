package org.switchboard.plugins.twilio;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelException;
import org.switchboard.api.FailureKind;
import org.switchboard.api.HttpCall;
import org.switchboard.api.Secret;

/**
 * One connector's provider settings, resolved for a single call: which API to talk to, which account, the
 * credential for API calls and the key that signs webhooks. Twilio and SignalWire differ only here.
 *
 * @param provider the provider's name as shown to admins ("Twilio", "SignalWire")
 * @param apiBase where {@code /2010-04-01/Accounts/...} lives, without a trailing slash
 * @param messagingBase Twilio's Messaging API (WhatsApp Senders), absent for SignalWire
 * @param signatureHeaders the headers that may carry the webhook signature, in the order they are tried
 * @param mediaAuth whether media downloads need the API credential
 */
record TwilioAccount(String provider, String accountSid, Secret apiSecret, Secret signingKey, URI apiBase,
    Optional<URI> messagingBase, List<String> signatureHeaders, boolean mediaAuth) {

  /** Builds the account from a connector's settings, or explains which setting is wrong. */
  @FunctionalInterface
  interface Resolver {
    TwilioAccount resolve(ChannelConfig config) throws ChannelException;
  }

  TwilioAccount {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(accountSid, "accountSid");
    Objects.requireNonNull(apiSecret, "apiSecret");
    Objects.requireNonNull(signingKey, "signingKey");
    Objects.requireNonNull(apiBase, "apiBase");
    messagingBase = messagingBase == null ? Optional.empty() : messagingBase;
    signatureHeaders = List.copyOf(signatureHeaders);
  }

  /** A URL under this account, e.g. {@code accountUri("/Messages.json")}. */
  URI accountUri(String suffix) {
    return URI.create(apiBase + "/2010-04-01/Accounts/" + accountSid + suffix);
  }

  /** Adds the API credential (HTTP Basic, account id and token) to a call. */
  HttpCall.Builder authorize(HttpCall.Builder call) {
    return call.basicAuth(accountSid, apiSecret);
  }

  /** A secret setting, or a configuration failure naming the setting. */
  static Secret secret(ChannelConfig config, String key, String label) throws ChannelException {
    try {
      return config.secret(key);
    } catch (RuntimeException e) {
      throw new ChannelException(FailureKind.CONFIG, label + " is not set");
    }
  }

  /** A plain setting, or a configuration failure naming the setting. */
  static String required(ChannelConfig config, String key, String label) throws ChannelException {
    return config.find(key).map(String::trim)
        .orElseThrow(() -> new ChannelException(FailureKind.CONFIG, label + " is not set"));
  }

  /**
   * Parses a base URL setting: https (or http to a loopback host, for tests and local fakes), no query, no
   * trailing slash.
   */
  static URI baseUrl(String raw, String label) throws ChannelException {
    String trimmed = raw == null ? "" : raw.trim();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new ChannelException(FailureKind.CONFIG, label + " is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      throw new ChannelException(FailureKind.CONFIG, label + " must look like https://host");
    }
    if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(uri.getHost()))) {
      throw new ChannelException(FailureKind.CONFIG, label + " must start with https://");
    }
    return uri;
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }

  @Override
  public String toString() {
    return "TwilioAccount[" + provider + "]";
  }
}
