package org.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.switchboard.contacts.ContactLabel;

/** Strings the server hands to the UI by key are in every bundle, with their numbers filled in plainly. */
class I18nTest {
  private final I18n i18n = new I18n();

  @Test
  void contactStandInsAreInEveryBundle() throws IOException {
    for (Locale locale : bundles()) {
      for (String key : List.of(ContactLabel.WEB_VISITOR, ContactLabel.SIGNAL_USER, ContactLabel.CONTACT)) {
        String text = i18n.text(locale, key, 12345L);
        assertThat(text).as("%s in %s", key, locale).isNotEqualTo(key).contains("12345");
      }
    }
    assertThat(i18n.text(Locale.ENGLISH, ContactLabel.WEB_VISITOR, 7L)).isEqualTo("Web visitor 7");
  }

  /** Every reason the server gives a key for ({@code .withKey("…")} in the sources) is in every bundle. */
  @Test
  void everyKeyedReasonIsInEveryBundle() throws IOException {
    Pattern withKey = Pattern.compile("withKey\\(\"([a-zA-Z.]+)\"");
    Set<String> keys = new TreeSet<>();
    for (Path root : List.of(Path.of("src/main/java"), Path.of("../core/server/src/main/java"))) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher m = withKey.matcher(Files.readString(file));
          while (m.find()) {
            keys.add(m.group(1));
          }
        }
      }
    }
    assertThat(keys).as("keyed reasons found").contains("chat.error.empty", "login.error.wrong");
    for (Locale locale : bundles()) {
      for (String key : keys) {
        assertThat(i18n.text(locale, key, 42L)).as("%s in %s", key, locale).isNotEqualTo(key).doesNotContain("{");
      }
    }
  }

  @Test
  void aLanguageIsAFileAndWhatItLeavesOutIsSaidInEnglish() {
    // src/test/resources/i18n/messages_eo.properties translates three keys.
    Locale esperanto = i18n.pick(List.of(Locale.forLanguageTag("eo"), Locale.ENGLISH));
    assertThat(esperanto.getLanguage()).isEqualTo("eo");
    assertThat(i18n.text(esperanto, "inbox.title")).isEqualTo("Enirkesto");
    assertThat(i18n.text(esperanto, ContactLabel.WEB_VISITOR, 7L)).isEqualTo("Retvizitanto 7");
    assertThat(i18n.text(esperanto, "login.title")).isEqualTo("Log in");
    assertThat(i18n.pick(List.of(Locale.FRENCH, Locale.forLanguageTag("eo")))).as("the first language with a file")
        .isEqualTo(esperanto);
    assertThat(i18n.pick(List.of(Locale.FRENCH))).isEqualTo(Locale.ENGLISH);
    assertThat(i18n.pick(List.of(new Locale("*")))).isEqualTo(Locale.ENGLISH);
  }

  /** The languages shipped: the base file (English) and every {@code messages_<language>.properties} beside it. */
  private static List<Locale> bundles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/i18n"))) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("messages(_[a-z]{2,3})?\\.properties"))
          .map(n -> n.equals("messages.properties") ? Locale.ENGLISH
              : Locale.forLanguageTag(n.substring("messages_".length(), n.indexOf('.'))))
          .toList();
    }
  }

  @Test
  void aMissingKeyShowsAsItself() {
    assertThat(i18n.text(Locale.ENGLISH, "no.such.key")).isEqualTo("no.such.key");
  }
}
