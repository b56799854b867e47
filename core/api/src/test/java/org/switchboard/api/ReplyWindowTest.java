package org.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reply window on {@link ChannelLimits} and the values that grew for templates, kept source compatible. */
class ReplyWindowTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void limitsWithoutAWindowAlwaysAllowFreeText() {
    assertThat(ChannelLimits.SMS.replyWindow()).isEmpty();
    assertThat(ChannelLimits.SMS.replyWindowOpen(Optional.of(NOW.minus(Duration.ofDays(30))), NOW)).isTrue();
  }

  @Test
  void aWindowIsOpenUntilItsLengthHasPassedSinceThePersonLastWrote() {
    ChannelLimits whatsapp = new ChannelLimits(4096, 1, 100, 10).withReplyWindow(Duration.ofHours(24));

    assertThat(whatsapp.replyWindowOpen(Optional.of(NOW.minus(Duration.ofHours(23))), NOW)).isTrue();
    assertThat(whatsapp.replyWindowOpen(Optional.of(NOW.minus(Duration.ofHours(24))), NOW)).isFalse();
    assertThat(whatsapp.replyWindowOpen(Optional.empty(), NOW)).as("unknown: the provider decides").isTrue();
    assertThat(whatsapp.maxTextLength()).isEqualTo(4096);
    assertThatThrownBy(() -> whatsapp.withReplyWindow(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anOutboundMessageCarriesTheLastInboundTimeAndATemplateWithoutShowingThem() {
    Address hotline = Address.whatsapp("+15550100");
    Address person = Address.whatsapp("+15550111");
    OutboundMessage message = new OutboundMessage("m-1", hotline, person, "secret words", List.of(),
        Optional.empty(), Optional.empty(), Optional.empty());

    assertThat(message.lastInboundAt()).isEmpty();
    OutboundMessage later = message.withLastInboundAt(NOW)
        .withTemplate(new OutboundMessage.Template("tpl", "en", Map.of("body.1", "Sam Doe")));
    assertThat(later.lastInboundAt()).contains(NOW);
    assertThat(later.template().orElseThrow().variables()).containsEntry("body.1", "Sam Doe");
    assertThat(later.toString()).doesNotContain("secret words", "Sam Doe", "15550111");
  }

  @Test
  void aTemplateListsItsVariablesAndOnlyApprovedOnesCanBeSent() {
    MessageTemplate template = new MessageTemplate("123", "follow_up", "en_US", "UTILITY",
        MessageTemplate.Status.APPROVED, "Hello {{1}}",
        List.of(new MessageTemplate.Variable("body.1", "body", "Sam")));

    assertThat(template.approved()).isTrue();
    assertThat(template.variables()).extracting(MessageTemplate.Variable::name).containsExactly("body.1");
    assertThat(new MessageTemplate("124", "x", "en", "", MessageTemplate.Status.PENDING, "", List.of()).approved())
        .isFalse();
  }
}
