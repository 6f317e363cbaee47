package io.tributary.server.config;

import com.fasterxml.jackson.core.JacksonException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a YAML parser's error into one line without the excerpt of the input that the parser
 * quotes, because that input may hold a secret such as a write key.
 */
final class YamlErrors {

  private static final Pattern MARK = Pattern.compile("^\\s+in '[^']*', line \\d+, column (\\d+):?$");

  private YamlErrors() {}

  /** E.g. {@code while parsing a flow mapping, expected ',' or '}', but got <stream end> (column 38)}. */
  static String describe(JacksonException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    List<String> statements = new ArrayList<>();
    String column = null;
    for (String line : message.split("\n")) {
      Matcher mark = MARK.matcher(line);
      if (mark.matches()) {
        column = mark.group(1);
      } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        // Unindented lines are the parser's statements; indented ones quote the input.
        statements.add(line.strip());
      }
    }
    String described = statements.isEmpty() ? "a syntax error" : String.join(", ", statements);
    return column == null ? described : described + " (column " + column + ")";
  }
}
