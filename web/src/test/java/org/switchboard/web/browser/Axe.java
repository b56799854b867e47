package org.switchboard.web.browser;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs axe-core (the engine behind most accessibility checkers) on the page a browser shows, once in the light and
 * once in the dark colour scheme, since the UI follows the visitor's preference and contrast differs between them.
 */
final class Axe {
  /** Violations of these impacts fail the test; moderate and minor ones are printed to the test's output. */
  static final Set<String> BLOCKING = Set.of("serious", "critical");
  private static final List<String> COLOUR_RULES = List.of("color-contrast", "link-in-text-block");

  private Axe() {}

  /** Fails listing rule, impact, colour scheme and selectors of every serious or critical violation. */
  static void assertNoSeriousViolations(Browser browser, String page) {
    List<String> blocking = new ArrayList<>();
    try {
      for (String scheme : List.of("light", "dark")) {
        browser.colorScheme(scheme);
        // Only colours change with the scheme, so the second pass runs only the colour rules. The pages have no
        // frames, so "legacy" mode (one axe.run in the page, no per-frame runs finished in an extra blank window)
        // checks the same and takes half the time.
        AxeBuilder axe = new AxeBuilder().setLegacyMode(true);
        if (!scheme.equals("light")) {
          axe.withOnlyRules(COLOUR_RULES);
        }
        Results results = axe.analyze(browser.driver());
        if (results.isErrored()) {
          throw new AssertionError("axe-core could not check " + page + ": " + results.getErrorMessage());
        }
        for (Rule rule : results.getViolations()) {
          String report = describe(rule, scheme);
          if (BLOCKING.contains(rule.getImpact())) {
            blocking.add(report);
          } else {
            System.out.println("axe note on " + page + " (" + browser.path() + "): " + report);
          }
        }
      }
    } finally {
      browser.colorScheme("light");
    }
    if (!blocking.isEmpty()) {
      throw new AssertionError("axe-core found " + blocking.size() + " serious or critical accessibility "
          + "violation(s) on " + page + " (" + browser.path() + "):\n" + String.join("\n", blocking));
    }
  }

  private static String describe(Rule rule, String scheme) {
    StringBuilder out = new StringBuilder();
    out.append("  [").append(rule.getImpact()).append("] ").append(rule.getId()).append(" (").append(scheme)
        .append(" scheme): ").append(rule.getHelp()).append(" — ").append(rule.getHelpUrl());
    for (CheckedNode node : rule.getNodes()) {
      out.append("\n      at ").append(node.getTarget());
      if (node.getFailureSummary() != null) {
        out.append(": ").append(node.getFailureSummary().replace('\n', ' '));
      }
    }
    return out.toString();
  }
}
