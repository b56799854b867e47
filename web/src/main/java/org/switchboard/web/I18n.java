package org.switchboard.web;

import com.google.inject.Singleton;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.function.Function;

/**
 * Every string the UI shows comes from {@code i18n/messages*.properties}: adding a language is adding a file,
 * {@code i18n/messages_<language>.properties} (keys it leaves out are said in English). The locale is the browser's
 * first {@code Accept-Language} that has such a file, English otherwise.
 */
@Singleton
public final class I18n {
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

  private final Map<Locale, ResourceBundle> bundles = new ConcurrentHashMap<>();
  private final Map<String, Boolean> available = new ConcurrentHashMap<>();

  public Locale pick(List<Locale> acceptable) {
    for (Locale wanted : acceptable) {
      String language = wanted.getLanguage();
      if (language.equals("en")) {
        return Locale.ENGLISH;
      }
      if (LANGUAGE.matcher(language).matches() && available.computeIfAbsent(language, l ->
          I18n.class.getClassLoader().getResource("i18n/messages_" + l + ".properties") != null)) {
        return Locale.forLanguageTag(language);
      }
    }
    return Locale.ENGLISH;
  }

  /** The text for a key; a missing key shows as the key itself, so gaps are visible rather than fatal. */
  public String text(Locale locale, String key) {
    ResourceBundle bundle = bundles.computeIfAbsent(locale, l -> ResourceBundle.getBundle("i18n/messages", l,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
    try {
      return bundle.getString(key.trim());
    } catch (MissingResourceException e) {
      return key.trim();
    }
  }

  /** The text for a key with its {@code {0}} placeholders filled in, in the locale's number format. */
  public String text(Locale locale, String key, Object... args) {
    return new MessageFormat(text(locale, key), locale).format(args);
  }

  /** The {@code {{#t}}key{{/t}}} function for templates. */
  public Function<String, String> function(Locale locale) {
    return key -> text(locale, key);
  }
}
