package org.switchboard.webchat;

import com.google.inject.Inject;
import java.util.Base64;
import org.switchboard.api.Address;
import org.switchboard.channels.ChannelNumber;
import org.switchboard.channels.ConnectorService;
import org.switchboard.crypto.Crypto;
import org.switchboard.orgs.OrgSetupStep;
import org.switchboard.storage.Tx;

/** Gives every new organization its web chat: a connector and one channel, so a fresh install works end to end. */
public final class WebChatSetup implements OrgSetupStep {
  private final ConnectorService connectors;

  @Inject
  WebChatSetup(ConnectorService connectors) {
    this.connectors = connectors;
  }

  @Override
  public void onOrgCreated(Tx tx, long orgId, long inboxId) {
    long connectorId = connectors.insertBuiltIn(tx, orgId, WebChatChannel.TYPE, "Web chat");
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(Crypto.get().randomBytes(12));
    connectors.activateAddress(tx, orgId, connectorId, new Address(Address.WEBCHAT, "hotline-" + id),
        "Web chat page", ChannelNumber.WebhookState.NOT_NEEDED);
  }
}
