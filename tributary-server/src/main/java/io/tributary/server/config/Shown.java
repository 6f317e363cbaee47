package io.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/** How values are shown in problem messages: short, quoted, and never a secret. */
public final class Shown {

  private static final int MAX_CHARS = 60;

  /** The user information of a URL ({@code //user:password@}), up to the host. */
  private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/?#]*@");

  /** The query of a URL, where drivers also take a {@code password=}. */
  private static final Pattern QUERY = Pattern.compile("\\?.*", Pattern.DOTALL);

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

  /** Shows a URL without its user information and query, which may hold a password. */
  public static String url(String url) {
    String withoutUserInfo = USER_INFO.matcher(url).replaceFirst("<redacted>@");
    return text(QUERY.matcher(withoutUserInfo).replaceFirst("?<redacted>"));
  }

  /** Describes a secret by its length only, so that it never reaches a log. */
  static String secret(String secret) {
    return "a value of " + secret.length() + (secret.length() == 1 ? " character" : " characters");
  }
}
