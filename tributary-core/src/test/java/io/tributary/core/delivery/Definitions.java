package io.tributary.core.delivery;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tributary.core.event.FieldError;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Destination definitions for tests, written as relaxed JSON (unquoted field names, single quotes)
 * so that they read like the YAML of the configuration file:
 *
 * <pre>{@code
 * Destination crm = Definitions.destination("{name: 'crm', transport: {type: 'test', target: 'x'}}");
 * }</pre>
 */
final class Definitions {
  private static final ObjectMapper RELAXED =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
          .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .build();

  private Definitions() {}

  /** A destination on the {@code test} transport with further fields, e.g. {@code "filter: 'true'"}. */
  static String text(String name, String fields) {
    return "{name: '" + name + "', transport: {type: 'test', target: 'x'}" + (fields.isEmpty() ? "" : ", " + fields) + "}";
  }

  static JsonNode doc(String relaxedJson) {
    try {
      return RELAXED.readTree(relaxedJson);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The definition the document holds, which must be valid and name itself. */
  static DestinationDefinition definition(String relaxedJson) {
    return DefinitionJson.read(doc(relaxedJson), null);
  }

  /** The definition compiled with the {@code test} transport. */
  static Destination destination(String relaxedJson) {
    return TestTransports.compiler().compile(definition(relaxedJson));
  }

  /** The errors that reading the document (with {@code urlName}, or none) reports. */
  static List<FieldError> readErrors(String relaxedJson, String urlName) {
    var e = catchThrowableOfType(InvalidDefinitionException.class, () -> DefinitionJson.read(doc(relaxedJson), urlName));
    if (e == null) {
      throw new AssertionError("Expected the definition to be refused, but it was read: " + relaxedJson);
    }
    return e.errors();
  }

  /** The errors that compiling the (valid) definition with the {@code test} transport reports. */
  static List<FieldError> compileErrors(String relaxedJson) {
    DestinationDefinition d = definition(relaxedJson);
    var e = catchThrowableOfType(InvalidDefinitionException.class, () -> TestTransports.compiler().compile(d));
    if (e == null) {
      throw new AssertionError("Expected the definition not to compile, but it did: " + relaxedJson);
    }
    return e.errors();
  }
}
