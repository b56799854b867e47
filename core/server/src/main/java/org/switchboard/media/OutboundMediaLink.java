package org.switchboard.media;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The vault payload behind an outbound media link ({@code /media/out/{token}}): content type and bytes, served to
 * providers that fetch media by URL (Twilio MMS) for {@link #LIFETIME}, then deleted.
 */
public final class OutboundMediaLink {
  public static final Duration LIFETIME = Duration.ofDays(2);

  private OutboundMediaLink() {}

  public static byte[] encode(String contentType, byte[] data) {
    byte[] type = contentType.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(2 + type.length + data.length).putShort((short) type.length).put(type).put(data)
        .array();
  }

  /** {@code contentType → bytes}. */
  public static Map.Entry<String, byte[]> decode(byte[] encoded) {
    ByteBuffer in = ByteBuffer.wrap(encoded);
    byte[] type = new byte[in.getShort()];
    in.get(type);
    byte[] data = new byte[in.remaining()];
    in.get(data);
    return Map.entry(new String(type, StandardCharsets.UTF_8), data);
  }
}
