package org.switchboard.plugins.meta;

import java.net.URI;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelException;
import org.switchboard.api.Secret;

/**
 * One WhatsApp connector's settings, resolved for a call: the versioned Graph API root, the WhatsApp Business
 * Account (WABA), the system-user token for API calls, and the app secret that signs webhooks.
 */
record WhatsAppAccount(URI root, String wabaId, Secret token, Secret appSecret, String verifyToken) {

  static WhatsAppAccount of(ChannelConfig config) throws ChannelException {
    return new WhatsAppAccount(GraphSettings.apiRoot(config),
        GraphSettings.id(config, "businessAccountId", "WhatsApp Business Account ID"),
        GraphSettings.secret(config, "accessToken", "Access token"),
        GraphSettings.secret(config, "appSecret", "App secret"),
        GraphSettings.verifyToken(config));
  }

  /** A URL under the versioned root, e.g. {@code uri("/123/messages")}. */
  URI uri(String pathAndQuery) {
    return URI.create(root + pathAndQuery);
  }

  /** What caches are keyed by: the same account through the same API with the same token. */
  String cacheKey() {
    return root + "|" + wabaId + "|" + Integer.toHexString(java.util.Arrays.hashCode(token.bytes()));
  }

  @Override
  public String toString() {
    return "WhatsAppAccount[" + wabaId + "]";
  }
}
