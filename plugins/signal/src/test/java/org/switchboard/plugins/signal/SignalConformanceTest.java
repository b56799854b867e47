package org.switchboard.plugins.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.slf4j.Logger;
import org.switchboard.api.Address;
import org.switchboard.api.Channel;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.FailureKind;
import org.switchboard.api.HttpTransport;
import org.switchboard.testkit.conformance.ChannelConformanceTest;
import org.switchboard.testkit.conformance.Inbound;
import org.switchboard.testkit.conformance.SendFailure;
import org.switchboard.testkit.conformance.SentMessage;
import org.switchboard.testkit.conformance.StatusCase;
import org.switchboard.testkit.signal.FakeSignalBridge;

/**
 * The {@code signal} channel type through the conformance kit: inbound messages and receipts arrive over the fake
 * bridge's receive websocket (json-rpc mode), sends go to its {@code /v2/send}.
 */
class SignalConformanceTest extends ChannelConformanceTest {
  private static final long FIRST_TIMESTAMP = 1_785_600_000_000L;
  private static final Duration SOCKET = Duration.ofSeconds(10);

  private final FakeSignalBridge bridge = new FakeSignalBridge().start();
  private final Map<String, FakeSignalBridge.Contact> contacts = new ConcurrentHashMap<>();

  SignalConformanceTest() {
    // "Test connection" wants at least one number registered in the bridge.
    hotline(0);
  }

  @AfterAll
  void stopBridge() {
    bridge.close();
  }

  @Override
  protected Channel createChannel(HttpTransport transport, Clock clock, Logger log) {
    return new SignalChannel(transport, clock, log, Fixtures.FAST);
  }

  @Override
  protected Map<String, String> connectorSettings() {
    return Map.of(SignalSettings.BRIDGE_URL, bridge.baseUrl().toString(), SignalSettings.RECEIVE_MODE, "websocket");
  }

  @Override
  protected Address hotline(int index) {
    String number = String.format("+1555040%04d", index);
    bridge.addAccount(number);
    return new Address(Address.SIGNAL, number);
  }

  /** People are addressed by their Signal UUID; their number and profile name ride along in envelopes. */
  @Override
  protected Address person(int index) {
    FakeSignalBridge.Contact contact = new FakeSignalBridge.Contact(
        String.format("3f2a9c1e-5b7d-4e8a-9c0b-%012d", index), String.format("+1555050%04d", index),
        "Conformance Person " + index);
    contacts.put(contact.uuid(), contact);
    return new Address(Address.SIGNAL, contact.uuid());
  }

  @Override
  protected void deliverInbound(Inbound message) {
    String account = message.to().value();
    // json-rpc mode pushes to open sockets only: what arrives while the loop is not connected is lost.
    assertThat(bridge.awaitWebSockets(account, 1, SOCKET)).as("receive loop connected").isTrue();
    String frame = FakeSignalBridge.textFrame(account, contacts.get(message.from().value()),
        FIRST_TIMESTAMP + message.serial(), message.text(), 0);
    assertThat(bridge.deliver(frame)).as("frame pushed").isEqualTo(1);
  }

  @Override
  protected List<StatusCase> statusCases() {
    return List.of(StatusCase.of("delivery", DeliveryStatus.DELIVERED), StatusCase.of("read", DeliveryStatus.READ));
  }

  @Override
  protected void deliverStatus(SentMessage sent, StatusCase status) {
    String account = sent.hotline().value();
    assertThat(bridge.awaitWebSockets(account, 1, SOCKET)).isTrue();
    long timestamp = Long.parseLong(sent.providerMessageId());
    assertThat(bridge.deliver(FakeSignalBridge.receiptFrame(account, contacts.get(sent.person().value()),
        timestamp + 1000, status.providerStatus().equals("read"), timestamp))).as("receipt pushed").isEqualTo(1);
  }

  @Override
  protected String providerMessageIdSentTo(Address person) {
    return bridge.sentTo(person.value()).orElseThrow().timestamp();
  }

  @Override
  protected List<SendFailure> sendFailures() {
    return List.of(
        SendFailure.of("400 untrusted identity", FailureKind.REJECTED,
            p -> bridge.failSendsTo(p.value(), 400, Fixtures.read("send-error-400-untrusted.json"))),
        SendFailure.of("400 hotline number not registered", FailureKind.CONFIG,
            p -> bridge.failSendsTo(p.value(), 400, Fixtures.read("send-error-400-not-registered.json"))),
        SendFailure.of("recipient UNREGISTERED_FAILURE", FailureKind.REJECTED,
            p -> bridge.failSendsForRecipient(p.value(), "UNREGISTERED_FAILURE")),
        SendFailure.of("429 rate limited", FailureKind.THROTTLED,
            p -> bridge.failSendsTo(p.value(), 429, "{\"error\":\"Failed to send message due to rate limiting\","
                + "\"challenge_tokens\":[],\"account\":\"+49XXXXXXXXX\"}")),
        SendFailure.of("500 bridge error", FailureKind.BAD_RESPONSE,
            p -> bridge.failSendsTo(p.value(), 500, Fixtures.read("send-error-500.json"))),
        SendFailure.of("recipient NETWORK_FAILURE", FailureKind.CONNECTION,
            p -> bridge.failSendsForRecipient(p.value(), "NETWORK_FAILURE")),
        SendFailure.of("connection dropped", FailureKind.CONNECTION, p -> bridge.dropSendsTo(p.value())));
  }

  /** The bridge holds the account's keys; the connector itself has no secret. */
  @Override
  protected List<String> secrets() {
    return List.of();
  }

  @Override
  protected List<String> personalValues() {
    List<String> values = new ArrayList<>();
    contacts.values().forEach(c -> {
      values.add(c.number());
      values.add(c.name());
    });
    values.add(Fixtures.HOTLINE);
    return values;
  }

  @Override
  protected List<URI> fakeAddresses() {
    return List.of(bridge.baseUrl());
  }
}
