package org.switchboard.plugins.signal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelException;
import org.switchboard.api.DeviceLinking;
import org.switchboard.api.FailureKind;
import org.switchboard.api.HttpReply;
import org.switchboard.api.HttpTransport;

/**
 * Links the bridge to the hotline phone's Signal account as a secondary device: {@code GET
 * /v1/qrcodelink?device_name=Switchboard} answers a PNG of the {@code sgnl://linkdevice?…} code to scan.
 */
final class SignalDeviceLinking implements DeviceLinking {
  static final String DEFAULT_DEVICE_NAME = "Switchboard";
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final HttpTransport http;
  private final ObjectMapper json;

  SignalDeviceLinking(HttpTransport http, ObjectMapper json) {
    this.http = http;
    this.json = json;
  }

  @Override
  public byte[] linkCodePng(ChannelConfig config, String deviceName) throws ChannelException {
    SignalSettings settings;
    try {
      settings = SignalSettings.from(config);
    } catch (IllegalArgumentException e) {
      throw new ChannelException(FailureKind.CONFIG, e.getMessage());
    }
    String name = deviceName == null || deviceName.isBlank() ? DEFAULT_DEVICE_NAME : deviceName.strip();
    if (name.length() > 50) {
      name = name.substring(0, 50);
    }
    HttpReply reply;
    try {
      reply = new BridgeClient(http, json, settings).linkCode(name);
    } catch (IOException e) {
      throw new ChannelException(FailureKind.CONNECTION,
          "Signal bridge unreachable at " + settings.hostAndPort() + "; check that it runs and the Bridge URL");
    }
    if (reply.status() != 200) {
      BridgeException error = BridgeErrors.failure(reply, json);
      throw new ChannelException(reply.status() >= 500 ? FailureKind.BAD_RESPONSE : FailureKind.REJECTED,
          "the Signal bridge could not make a link code: " + error.getMessage());
    }
    if (!isPng(reply.body())) {
      throw new ChannelException(FailureKind.BAD_RESPONSE, "the Signal bridge's link code is not a PNG image");
    }
    return reply.body();
  }

  @Override
  public String instructions() {
    return "On the hotline phone, open Signal → Settings → Linked devices → Link new device, and scan this code "
        + "within a minute or two. The number then shows up in the bridge's list; activate it here.";
  }

  private static boolean isPng(byte[] body) {
    if (body.length < PNG_MAGIC.length) {
      return false;
    }
    for (int i = 0; i < PNG_MAGIC.length; i++) {
      if (body[i] != PNG_MAGIC[i]) {
        return false;
      }
    }
    return true;
  }
}
