package org.switchboard.plugins.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.switchboard.api.Secret;

/** {@code X-Hub-Signature-256} against published vectors, and the shapes of header it refuses. */
class HubSignatureTest {
  private static final Secret SECRET = Secret.of("It's a Secret to Everybody");
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
  /** The vector GitHub publishes for the same scheme (HMAC-SHA256 of the raw body, lowercase hex). */
  private static final String VECTOR = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  @Test
  void acceptsThePublishedVector() {
    assertThat(HubSignature.sign(SECRET.bytes(), BODY)).isEqualTo(VECTOR);
    assertThat(HubSignature.verify(SECRET, BODY, Optional.of(VECTOR))).isTrue();
    assertThat(HubSignature.verify(SECRET, BODY, Optional.of(VECTOR.toUpperCase().replace("SHA256", "sha256"))))
        .as("hex case does not matter").isTrue();
  }

  @Test
  void refusesAnythingElse() {
    assertThat(HubSignature.verify(SECRET, BODY, Optional.empty())).isFalse();
    assertThat(HubSignature.verify(SECRET, "Hello, World?".getBytes(StandardCharsets.UTF_8), Optional.of(VECTOR)))
        .isFalse();
    assertThat(HubSignature.verify(Secret.of("another secret"), BODY, Optional.of(VECTOR))).isFalse();
    assertThat(HubSignature.verify(SECRET, BODY, Optional.of(VECTOR.substring(7)))).as("no prefix").isFalse();
    assertThat(HubSignature.verify(SECRET, BODY, Optional.of("sha1=" + VECTOR.substring(7)))).isFalse();
    assertThat(HubSignature.verify(SECRET, BODY, Optional.of(VECTOR.substring(0, 70)))).as("short").isFalse();
    assertThat(HubSignature.verify(SECRET, BODY, Optional.of(VECTOR.substring(0, 70) + "g"))).as("not hex")
        .isFalse();
  }
}
