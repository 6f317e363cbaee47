package io.tributary.server.config;

import java.util.List;

/**
 * The configuration could not be loaded. Lists every problem found, not only the first; each
 * names the setting, the rule, the value found (never a secret) and where it came from.
 */
public final class ConfigException extends RuntimeException {

  private final List<String> problems;

  /**
   * @param problems one or more problems, each reading {@code key: expected ..., but was ...}
   */
  public ConfigException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, in the order they were found; never empty. */
  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("Expected at least one problem");
    }
    String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    return "The configuration has " + count + ":\n  - " + String.join("\n  - ", problems);
  }
}
