package org.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.switchboard.backup.Backups;
import org.switchboard.channels.ConnectorService;
import org.switchboard.testkit.LogCapture;
import org.switchboard.testkit.PlaintextScanner;
import org.switchboard.testkit.TestHttp;
import org.switchboard.testkit.TestSwitchboard;
import org.switchboard.testkit.Waits;

/**
 * The privacy promise, end to end: a unique marker text and the visitor's id go through the real HTTP path (chat
 * page in, volunteer reads and replies over HTTP), and afterwards they appear nowhere in the database file, its
 * WAL, the data folder, the logs or a backup — while a logged-in member can still read them.
 */
class PlaintextNeverOnDiskTest {
  @Test
  void markersNeverReachDiskOrLogs() throws Exception {
    String marker = "MARKER-" + UUID.randomUUID();
    String replyMarker = "REPLY-" + UUID.randomUUID();
    try (LogCapture logs = LogCapture.start();
        TestSwitchboard server = TestSwitchboard.builder().module(new WebModule()).start()) {
      var org = server.createOrg("Quiet Line");
      String chatToken = server.get(ConnectorService.class).list(org.id()).get(0).webhookToken();
      String chatPath = "/chat/" + chatToken;

      TestHttp visitor = server.http();
      var page = visitor.getHtml(chatPath);
      String visitorCookie = page.header("Set-Cookie").replaceAll(".*sb_visitor=([^;]+);.*", "$1");
      var sent = visitor.postForm(chatPath, TestHttp.fields("form", WebFlowTest.field(page.body(), "form"),
          "nonce", WebFlowTest.field(page.body(), "nonce"), "text", marker));
      assertThat(sent.status()).isEqualTo(303);

      TestHttp volunteer = server.http();
      var login = volunteer.getHtml("/login");
      volunteer.postForm("/login", TestHttp.fields("form", WebFlowTest.field(login.body(), "form"),
          "email", org.ownerEmail(), "password", TestSwitchboard.PASSWORD, "next", "/"));
      var inbox = volunteer.getHtml("/");
      assertThat(inbox.body()).contains(marker);
      Matcher link = Pattern.compile("href=\"/c/([0-9]+)").matcher(inbox.body());
      assertThat(link.find()).isTrue();
      var view = volunteer.getHtml("/c/" + link.group(1));
      volunteer.postForm("/c/" + link.group(1) + "/reply", TestHttp.fields("csrf", view.csrf(), "text", replyMarker));
      Waits.until(Duration.ofSeconds(10), () -> visitor.getHtml(chatPath + "/transcript").body().contains(replyMarker));

      Path backup = server.dataDir().resolve("backups").resolve("test-backup.zip");
      java.nio.file.Files.createDirectories(backup.getParent());
      Backups.create(server.dataDir(), server.dataDir().resolve("plugins"), backup, "test");

      List<String> secrets = List.of(marker, replyMarker, visitorCookie, TestSwitchboard.PASSWORD,
          org.ownerEmail(), org.recoveryCode());
      assertThat(PlaintextScanner.findAny(server.dataDir(), secrets)).isEmpty();
      assertThat(logs.all()).doesNotContain(marker).doesNotContain(replyMarker).doesNotContain(visitorCookie)
          .doesNotContain(TestSwitchboard.PASSWORD).doesNotContain(org.ownerEmail());
      assertThat(logs.lines()).isNotEmpty();
      assertThat(volunteer.getHtml("/c/" + link.group(1)).body()).contains(marker).contains(replyMarker);
    }
  }
}
