package io.tributary.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the settings of a YAML file, with the line each one is on.
 *
 * <p>Sections may be nested ({@code http: {port: 8088}}) or written as dotted keys ({@code
 * http.port: 8088}), or both. A key that is neither a setting nor a section is a problem, as is a
 * setting given twice. An empty value ({@code key:} or {@code key: null}) leaves the default.
 */
final class YamlFileReader {

  private final Path file;
  private final Problems problems;
  private final Map<String, RawValue> values = new HashMap<>();

  private YamlFileReader(Path file, Problems problems) {
    this.file = file;
    this.problems = problems;
  }

  /** The settings in {@code file} by key; problems reading it go to {@code problems}. */
  static Map<String, RawValue> read(Path file, Problems problems) {
    YamlFileReader reader = new YamlFileReader(file, problems);
    reader.read();
    return reader.values;
  }

  private void read() {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      problems.add(file.toString(), "expected a configuration file, but there is none");
      return;
    } catch (AccessDeniedException e) {
      problems.add(file.toString(), "expected a readable configuration file, but access was denied");
      return;
    } catch (CharacterCodingException e) {
      problems.add(file.toString(), "expected a UTF-8 text file, but it is not valid UTF-8");
      return;
    } catch (IOException e) {
      problems.add(file.toString(), "could not be read: " + e);
      return;
    }
    try (JsonParser parser = Yaml.READER.createParser(text)) {
      readDocument(parser);
    } catch (JacksonException e) {
      problems.add(at(e.getLocation()), "expected valid YAML, but found: " + YamlErrors.describe(e));
    } catch (IOException e) {
      problems.add(file.toString(), "could not be parsed: " + e);
    }
  }

  private void readDocument(JsonParser parser) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null || token == JsonToken.VALUE_NULL) {
      return; // an empty file, or one with comments only: every setting keeps its default
    }
    if (token != JsonToken.START_OBJECT) {
      problems.add(at(parser.currentTokenLocation()),
          "expected a mapping of settings, e.g. 'http: {port: 8088}', but found a "
              + (token == JsonToken.START_ARRAY ? "list" : "scalar"));
      return;
    }
    readMapping(parser, "");
    if (parser.nextToken() != null) {
      problems.add(at(parser.currentTokenLocation()),
          "expected one YAML document, but found another after it");
    }
  }

  /** Reads the mapping the parser is at the start of, whose keys are below {@code prefix}. */
  private void readMapping(JsonParser parser, String prefix) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      String key = prefix.isEmpty() ? name : prefix + "." + name;
      String location = at(parser.currentTokenLocation());
      JsonToken value = parser.nextToken();
      if (Settings.byKey(key).isPresent()) {
        JsonNode node = parser.readValueAsTree();
        RawValue earlier = values.get(key);
        if (earlier != null) {
          problems.add(key, "expected once, but given again (in " + location + "; first in "
              + earlier.origin() + ")");
        } else if (!node.isNull()) {
          values.put(key, new RawValue.FromFile(node, location));
        }
      } else if (Settings.isSection(key) && value == JsonToken.START_OBJECT) {
        readMapping(parser, key);
      } else if (Settings.isSection(key) && value == JsonToken.VALUE_NULL) {
        continue; // an empty section
      } else if (Settings.isSection(key)) {
        problems.add(key, "expected a mapping of the settings "
            + String.join(", ", Settings.namesBelow(key)) + ", but found a "
            + (value == JsonToken.START_ARRAY ? "list" : "scalar") + " (in " + location + ")");
        parser.skipChildren();
      } else {
        problems.add(key, "unknown setting (in " + location + "); expected one of "
            + String.join(", ", Settings.namesBelow(prefix))
            + (prefix.isEmpty() ? "" : " under " + prefix));
        parser.skipChildren();
      }
    }
  }

  private String at(JsonLocation location) {
    return location == null || location.getLineNr() < 1
        ? file.toString()
        : file + ", line " + location.getLineNr();
  }
}
