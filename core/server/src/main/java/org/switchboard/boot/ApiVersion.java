package org.switchboard.boot;

import org.switchboard.api.Channel;

/** The version of the channel API this server implements, checked against each plugin's {@code Plugin-Requires}. */
public final class ApiVersion {
  private ApiVersion() {}

  public static String current() {
    String version = Channel.class.getPackage().getImplementationVersion();
    if (version == null || version.isBlank()) {
      version = "0.1.0";
    }
    return version.replace("-SNAPSHOT", "");
  }
}
