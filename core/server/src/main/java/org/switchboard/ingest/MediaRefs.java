package org.switchboard.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.switchboard.api.MediaRef;

/** Encodes a provider media reference for the vault until it is downloaded. */
public final class MediaRefs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MediaRefs() {}

  public static byte[] encode(MediaRef ref) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("reference", ref.reference());
    ref.contentType().ifPresent(v -> map.put("contentType", v));
    ref.filename().ifPresent(v -> map.put("filename", v));
    try {
      return JSON.writeValueAsBytes(map);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static MediaRef decode(byte[] json) {
    try {
      Map<?, ?> map = JSON.readValue(json, Map.class);
      return new MediaRef((String) map.get("reference"), Optional.ofNullable((String) map.get("contentType")),
          Optional.ofNullable((String) map.get("filename")));
    } catch (IOException e) {
      throw new IllegalStateException("stored media reference could not be read", e);
    }
  }
}
