package org.switchboard.plugins.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.slf4j.Logger;
import org.switchboard.api.Address;
import org.switchboard.api.Channel;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelDescriptor;
import org.switchboard.api.Health;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.InboundEvent;
import org.switchboard.api.InboundRequest;
import org.switchboard.api.InboundResult;
import org.switchboard.api.OutboundMessage;
import org.switchboard.api.SendResult;
import org.switchboard.testkit.conformance.SendFailure;
import org.switchboard.testkit.conformance.StatusCase;

/**
 * The conformance kit has teeth: run against a Twilio channel with two faults — it takes webhooks without checking
 * their signature, and it logs what volunteers write — exactly the checks for those faults fail, and the rest pass.
 */
class ConformanceKitSelfTest {

  @Test
  void theKitFailsAChannelThatSkipsSignaturesAndLogsMessageText() {
    List<String> failed = new CopyOnWriteArrayList<>();
    List<String> passed = new CopyOnWriteArrayList<>();
    LauncherFactory.create().execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(FaultyTwilio.class)).build(),
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
              (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? passed : failed)
                  .add(test.getDisplayName());
            }
          }
        });

    assertThat(failed).containsExactlyInAnyOrder(
        "aWebhookWithoutSignatureIsRefusedAndStoresNothing()",
        "aWebhookWithAWrongSignatureIsRefusedAndStoresNothing()",
        "noSecretTextOrNumberReachesALogLineOrTheDataFolder()");
    assertThat(passed).contains("aConnectorWithTheFakesSettingsTestsActive()", "aProviderRetryIsStoredOnce()",
        "theChannelCallsNothingButItsFakes()");
  }

  /** The Twilio conformance run with a faulty channel (a nested class, so Surefire does not run it on its own). */
  static final class FaultyTwilio extends TwilioConformanceTest {
    /** One row each keeps the run short; the faults are elsewhere. */
    @Override
    protected List<StatusCase> statusCases() {
      return super.statusCases().subList(0, 1);
    }

    @Override
    protected List<SendFailure> sendFailures() {
      return super.sendFailures().subList(0, 1);
    }

    @Override
    protected Channel createChannel(HttpTransport transport, Clock clock, Logger log) {
      Channel real = new TwilioChannel(transport, clock, log);
      return new Channel() {
        @Override
        public ChannelDescriptor descriptor() {
          return real.descriptor();
        }

        @Override
        public InboundResult receive(InboundRequest request, ChannelConfig config) {
          InboundResult checked = real.receive(request, config);
          if (checked instanceof InboundResult.Accepted || !request.subPath().isEmpty()) {
            return checked;
          }
          // Fault 1: an unverified request is read and stored anyway.
          Map<String, List<String>> form = request.formParams();
          return InboundResult.accept(List.of(new InboundEvent.InboundMessage(form.get("MessageSid").get(0),
              Address.phone(form.get("From").get(0)), Address.phone(form.get("To").get(0)), Optional.empty(),
              form.get("Body").get(0), List.of(), Instant.now(), Optional.empty())), InboundResult.Reply.EMPTY);
        }

        @Override
        public SendResult send(OutboundMessage message, ChannelConfig config) {
          // Fault 2: what a volunteer wrote ends up in the log.
          log.info("sending \"{}\"", message.text());
          return real.send(message, config);
        }

        @Override
        public Health check(ChannelConfig config) {
          return real.check(config);
        }
      };
    }
  }
}
