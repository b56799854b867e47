package org.switchboard.errors;

import java.util.List;
import java.util.Optional;

/**
 * A refusal whose reason people read. The message is English, for the API and the logs; a reason given a message
 * key as well ({@link #withKey}) is shown by the UI in the reader's language from its bundle, with the same
 * arguments. Reasons never carry what someone wrote, a phone number or a secret.
 */
public abstract class ReasonedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private String key;
  private transient List<Object> args = List.of();

  protected ReasonedException(String message) {
    super(message);
  }

  /** The bundle key of this reason and its {@code {0}}, {@code {1}} arguments. */
  @SuppressWarnings("unchecked")
  public <T extends ReasonedException> T withKey(String key, Object... args) {
    this.key = key;
    this.args = List.of(args);
    return (T) this;
  }

  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  public List<Object> args() {
    return args == null ? List.of() : args;
  }
}
