package org.switchboard.media;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/** An attachment's content type, file name and, when the download failed, why; sealed with the attachment. */
public record AttachmentMeta(String contentType, String filename, String problem) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public AttachmentMeta {
    contentType = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
    filename = filename == null || filename.isBlank() ? "attachment" : filename;
    problem = problem == null ? "" : problem;
  }

  public boolean isImage() {
    return contentType.startsWith("image/") && !contentType.contains("svg");
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(Map.of("contentType", contentType, "filename", filename, "problem", problem));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static AttachmentMeta fromJson(byte[] json) {
    try {
      Map<?, ?> map = JSON.readValue(json, Map.class);
      return new AttachmentMeta((String) map.get("contentType"), (String) map.get("filename"),
          (String) map.get("problem"));
    } catch (IOException e) {
      throw new IllegalStateException("attachment metadata could not be read", e);
    }
  }

  @Override
  public String toString() {
    return "AttachmentMeta[" + contentType + "]";
  }
}
