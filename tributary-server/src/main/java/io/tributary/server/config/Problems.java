package io.tributary.server.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects configuration problems so that one run reports all of them, not only the first.
 *
 * <p>Each problem reads {@code path: message}, where the path names the setting (and the element
 * inside it, e.g. {@code sources[1].id}) and the message says what was expected and what was found.
 */
final class Problems {

  private final List<String> messages = new ArrayList<>();

  void add(String path, String message) {
    messages.add(path + ": " + message);
  }

  /** Adds a problem whose message already starts with the path, e.g. from a record's rule. */
  void addKeyed(String message) {
    messages.add(message);
  }

  /** Adds every problem of {@code other}, each followed by {@code suffix}. */
  void addAll(Problems other, String suffix) {
    for (String message : other.messages) {
      messages.add(message + suffix);
    }
  }

  /** @throws IllegalArgumentException with every problem, joined by {@code ; }, if there is any */
  void throwIfAny() {
    if (!messages.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", messages));
    }
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  List<String> messages() {
    return List.copyOf(messages);
  }
}
