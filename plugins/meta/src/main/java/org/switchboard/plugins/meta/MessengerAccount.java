package org.switchboard.plugins.meta;

import java.net.URI;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelException;
import org.switchboard.api.Secret;

/**
 * One Messenger/Instagram connector's settings: the Facebook Page (and through it the linked Instagram account),
 * the Page access token for messages, and the app whose id and secret set and sign the webhooks.
 */
record MessengerAccount(URI root, String pageId, Secret pageToken, String appId, Secret appSecret,
    String verifyToken) {

  static MessengerAccount of(ChannelConfig config) throws ChannelException {
    return new MessengerAccount(GraphSettings.apiRoot(config), GraphSettings.id(config, "pageId", "Page ID"),
        GraphSettings.secret(config, "pageAccessToken", "Page access token"),
        GraphSettings.id(config, "appId", "App ID"), GraphSettings.secret(config, "appSecret", "App secret"),
        GraphSettings.verifyToken(config));
  }

  URI uri(String pathAndQuery) {
    return URI.create(root + pathAndQuery);
  }

  /** The app access token ({@code app-id|app-secret}) that app-level calls such as subscriptions take. */
  Secret appToken() {
    return Secret.of(appId + "|" + appSecret.reveal());
  }

  @Override
  public String toString() {
    return "MessengerAccount[" + pageId + "]";
  }
}
