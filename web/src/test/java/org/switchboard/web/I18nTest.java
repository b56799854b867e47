package org.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.switchboard.contacts.ContactLabel;

/** Strings the server hands to the UI by key are in every bundle, with their numbers filled in plainly. */
class I18nTest {
  private final I18n i18n = new I18n();

  @Test
  void contactStandInsAreInEveryBundle() {
    for (Locale locale : I18n.SUPPORTED) {
      for (String key : List.of(ContactLabel.WEB_VISITOR, ContactLabel.SIGNAL_USER, ContactLabel.CONTACT)) {
        String text = i18n.text(locale, key, 12345L);
        assertThat(text).as("%s in %s", key, locale).isNotEqualTo(key).contains("12345");
      }
    }
    assertThat(i18n.text(Locale.ENGLISH, ContactLabel.WEB_VISITOR, 7L)).isEqualTo("Web visitor 7");
  }

  @Test
  void aMissingKeyShowsAsItself() {
    assertThat(i18n.text(Locale.ENGLISH, "no.such.key")).isEqualTo("no.such.key");
  }
}
