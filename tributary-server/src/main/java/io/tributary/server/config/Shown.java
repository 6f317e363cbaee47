package io.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;

/** How values are shown in problem messages: short, quoted, and never a secret. */
final class Shown {

  private static final int MAX_CHARS = 60;

  private Shown() {}

  static String node(JsonNode node) {
    if (node.isTextual()) {
      return text(node.textValue());
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    return node.isNull() ? "empty" : node.asText();
  }

  static String text(String text) {
    String shown = text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS) + "...";
    return "'" + shown + "'";
  }

  /** Describes a secret by its length only, so that it never reaches a log. */
  static String secret(String secret) {
    return "a value of " + secret.length() + (secret.length() == 1 ? " character" : " characters");
  }
}
