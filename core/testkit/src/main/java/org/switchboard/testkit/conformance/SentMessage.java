package org.switchboard.testkit.conformance;

import org.switchboard.api.Address;

/** A reply the provider accepted: the id it gave, the hotline number it went from and the person it went to. */
public record SentMessage(String providerMessageId, Address hotline, Address person) {
  @Override
  public String toString() {
    return "SentMessage[" + providerMessageId + "]";
  }
}
