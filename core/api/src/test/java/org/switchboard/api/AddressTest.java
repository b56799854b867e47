package org.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressTest {
  @Test
  void phoneNumbersAreNormalizedToE164() {
    assertThat(Address.phone("+1 (415) 555-0100").value()).isEqualTo("+14155550100");
    assertThat(Address.phone("0049 151 1234567").value()).isEqualTo("+491511234567");
    assertThat(Address.whatsapp("14155550100")).isEqualTo(new Address("whatsapp", "+14155550100"));
    assertThat(Address.whatsapp("US.1234").value()).isEqualTo("US.1234");
  }

  @Test
  void errorsAndToStringNeverShowTheNumber() {
    assertThatThrownBy(() -> Address.phone("12ab")).hasMessageNotContaining("12ab").hasMessageContaining("E.164");
    assertThat(Address.phone("+14155550100").toString()).doesNotContain("4155550100");
    assertThat(Secret.of("hunter2-token").toString()).isEqualTo("[REDACTED]");
  }

  @Test
  void statusesOnlyMoveForward() {
    assertThat(DeliveryStatus.SENT.isBefore(DeliveryStatus.DELIVERED)).isTrue();
    assertThat(DeliveryStatus.READ.isBefore(DeliveryStatus.DELIVERED)).isFalse();
    assertThat(DeliveryStatus.DELIVERED.isBefore(DeliveryStatus.FAILED)).isTrue();
    assertThat(DeliveryStatus.FAILED.isBefore(DeliveryStatus.READ)).isFalse();
  }
}
