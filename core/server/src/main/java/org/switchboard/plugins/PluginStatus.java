package org.switchboard.plugins;

import java.util.List;

/** A plugin as the admin sees it: id, version, state, the channel types it brought, or why it failed. */
public record PluginStatus(String id, String version, String state, List<String> channelTypes, String problem) {
  public boolean failed() {
    return !problem.isEmpty();
  }
}
