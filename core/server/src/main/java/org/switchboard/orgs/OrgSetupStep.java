package org.switchboard.orgs;

import org.switchboard.storage.Tx;

/**
 * Something a feature sets up for every new organization, inside the same transaction that creates it (the web
 * chat channel, default settings, ...). Features contribute steps with a Guice multibinder.
 */
public interface OrgSetupStep {
  void onOrgCreated(Tx tx, long orgId, long inboxId);
}
