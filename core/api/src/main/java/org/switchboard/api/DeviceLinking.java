package org.switchboard.api;

/**
 * Channels whose account is linked as a secondary device by scanning a code (Signal through signal-cli): the
 * settings page shows the code for the admin to scan with the hotline phone.
 */
public interface DeviceLinking {

  /** A PNG image of the link code for a new device named {@code deviceName}. */
  byte[] linkCodePng(ChannelConfig config, String deviceName) throws ChannelException;

  /** What the admin should do with the code, in a sentence or two. */
  String instructions();
}
