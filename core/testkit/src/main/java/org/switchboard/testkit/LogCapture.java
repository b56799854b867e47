package org.switchboard.testkit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures every log line (with stack traces) while open, so tests can prove nothing personal was logged. */
public final class LogCapture implements AutoCloseable {
  private final List<String> lines = new ArrayList<>();
  private final AppenderBase<ILoggingEvent> appender;
  private final Logger root;

  private LogCapture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    appender = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
          line.append('\n').append(ThrowableProxyUtil.asString(thrown));
        }
        synchronized (lines) {
          lines.add(line.toString());
        }
      }
    };
    appender.setContext(context);
    appender.start();
    root.addAppender(appender);
    root.setLevel(ch.qos.logback.classic.Level.DEBUG);
    // DEBUG would also switch on the JDK HTTP client's own tracing through java.util.logging: thousands of lines
    // a request and no project code among them.
    for (String noisy : new String[] {"jdk.internal", "com.sun.net.httpserver", "sun.net", "org.eclipse.jetty",
        "org.glassfish", "org.jvnet", "org.flywaydb", "org.jooq", "com.zaxxer"}) {
      context.getLogger(noisy).setLevel(ch.qos.logback.classic.Level.INFO);
    }
  }

  /** Starts capturing at DEBUG level and above. */
  public static LogCapture start() {
    return new LogCapture();
  }

  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** All captured text in one string. */
  public String all() {
    return String.join("\n", lines());
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.setLevel(ch.qos.logback.classic.Level.INFO);
    appender.stop();
  }
}
