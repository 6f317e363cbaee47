package io.tributary.core.event;

import static io.tributary.core.event.SegmentFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The event log's byte format. */
class EventCodecTest {

  private static final Event TRACK =
      new Event(
          EventType.TRACK,
          "msg-0001",
          "source-web-shop",
          "ada-example",
          null,
          "Order Completed",
          null,
          null,
          null,
          null,
          Instant.parse("2024-05-01T11:59:57.123456789Z"),
          Instant.parse("2024-05-01T10:54:57.123456789Z"),
          Instant.parse("2024-05-01T10:55:00Z"),
          Instant.parse("2024-05-01T12:00:00.5Z"),
          object("{\"revenue\": 14.99, \"items\": [{\"sku\": \"A-1\", \"qty\": 2}]}"),
          object("{}"),
          object("{\"ip\": \"192.0.2.1\", \"traits\": {\"email\": \"ada@example.com\"}}"),
          object("{\"All\": true}"));

  @Test
  void shouldEncodeCompactSegmentShapedJsonWithoutNullFields() {
    // when
    String encoded = new String(EventCodec.encode(TRACK), StandardCharsets.UTF_8);

    // then
    assertThat(encoded)
        .isEqualTo(
            "{\"type\":\"track\",\"messageId\":\"msg-0001\",\"sourceId\":\"source-web-shop\","
                + "\"userId\":\"ada-example\",\"event\":\"Order Completed\","
                + "\"timestamp\":\"2024-05-01T11:59:57.123456789Z\","
                + "\"originalTimestamp\":\"2024-05-01T10:54:57.123456789Z\","
                + "\"sentAt\":\"2024-05-01T10:55:00Z\",\"receivedAt\":\"2024-05-01T12:00:00.500Z\","
                + "\"properties\":{\"revenue\":14.99,\"items\":[{\"sku\":\"A-1\",\"qty\":2}]},"
                + "\"traits\":{},"
                + "\"context\":{\"ip\":\"192.0.2.1\",\"traits\":{\"email\":\"ada@example.com\"}},"
                + "\"integrations\":{\"All\":true}}");
  }

  @Test
  void shouldWriteNodesBuiltByHandAsJacksonWould() {
    // given: node types no parser builds, beside every one it does
    ObjectNode properties = JsonNodeFactory.instance.objectNode();
    properties.put("float", 1.5f);
    properties.put("short", (short) 7);
    properties.put("decimal", new BigDecimal("12.3400"));
    properties.put("big", new BigInteger("123456789012345678901234567890"));
    properties.put("long", 9_007_199_254_740_993L);
    properties.put("double", -0.0);
    properties.putNull("nothing");
    properties.putArray("list").add(true).add("t\u00e9xt \"quoted\"\n").addArray();
    properties.putPOJO("pojo", java.util.List.of(1, 2));
    properties.put("binary", new byte[] {1, 2, 3});
    Event event =
        new Event(
            EventType.TRACK, "m", "s", "u", null, "E", null, null, null, null,
            TRACK.timestamp(), null, null, TRACK.receivedAt(),
            properties, object("{}"), object("{}"), object("{}"));

    // when
    String encoded = new String(EventCodec.encode(event), StandardCharsets.UTF_8);

    // then
    assertThat(encoded).isEqualTo(EventCodec.toJson(event).toString());
    assertThat(encoded)
        .contains(
            "\"properties\":{\"float\":1.5,\"short\":7,\"decimal\":12.3400,"
                + "\"big\":123456789012345678901234567890,\"long\":9007199254740993,"
                + "\"double\":-0.0,\"nothing\":null,"
                + "\"list\":[true,\"t\u00e9xt \\\"quoted\\\"\\n\",[]],\"pojo\":[1,2],"
                + "\"binary\":\"AQID\"}");
  }

  @Test
  void shouldDecodeWhatItEncoded() {
    // when
    Event decoded = EventCodec.decode(EventCodec.encode(TRACK));

    // then
    assertThat(decoded).isEqualTo(TRACK);
  }

  @Test
  void shouldGiveTheEncodedShapeAsATree() {
    // when
    ObjectNode tree = EventCodec.toJson(TRACK);

    // then
    assertThat(tree).isEqualTo(json(new String(EventCodec.encode(TRACK), StandardCharsets.UTF_8)));
  }

  @Test
  void shouldGiveATreeThatSharesNothingWithTheEvent() {
    // given
    ObjectNode tree = EventCodec.toJson(TRACK);

    // when
    ((ObjectNode) tree.get("context")).put("ip", "198.51.100.7");

    // then
    assertThat(TRACK.context().get("ip").textValue()).isEqualTo("192.0.2.1");
  }

  @Test
  void shouldSkipFieldsItDoesNotKnowAndDefaultMissingObjectsToEmpty() {
    // given: as a newer writer might have written it
    byte[] bytes =
        utf8(
            """
            {"type":"page","messageId":"m","sourceId":"s","anonymousId":"anon-7",
             "timestamp":"2024-05-01T12:00:00Z","receivedAt":"2024-05-01T12:00:00Z",
             "schemaVersion":3,"enrichment":{"geo":[1,2]},"name":null}
            """);

    // when
    Event decoded = EventCodec.decode(bytes);

    // then
    assertThat(decoded.type()).isEqualTo(EventType.PAGE);
    assertThat(decoded.anonymousId()).isEqualTo("anon-7");
    assertThat(decoded.name()).isNull();
    assertThat(decoded.properties()).isEmpty();
    assertThat(decoded.traits()).isEmpty();
    assertThat(decoded.context()).isEmpty();
    assertThat(decoded.integrations()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "                                                         | a JSON object",
        "{\"type\":\"track\"                                      | well-formed JSON",
        "[1,2]                                                    | a JSON object",
        "{\"type\":\"order\",\"messageId\":\"m\"}                 | one of the six",
        "{\"type\":\"track\",\"messageId\":7}                     | messageId of an encoded event"
            + " to be a string",
        "{\"type\":\"track\",\"messageId\":\"m\"}                 | to have sourceId",
        "{\"type\":\"track\",\"timestamp\":\"yesterday\"}         | timestamp of an encoded event"
            + " to be an ISO-8601 instant",
        "{\"type\":\"track\",\"properties\":[]}                   | properties of an encoded event"
            + " to be a JSON object",
        "{\"type\":\"track\",\"messageId\":\"m\",\"sourceId\":\"s\",\"userId\":\"u\",\"timestamp\":\"2024-05-01T12:00:00Z\",\"receivedAt\":\"2024-05-01T12:00:00Z\"}"
            + " {} | to end after its object",
        "{\"type\":\"track\",\"messageId\":\"m\",\"sourceId\":\"s\",\"timestamp\":\"2024-05-01T12:00:00Z\",\"receivedAt\":\"2024-05-01T12:00:00Z\"}"
            + " | userId or an anonymousId"
      })
  void shouldRefuseCorruptBytesNamingTheProblem(String text, String problem) {
    // given
    byte[] bytes = utf8(text == null ? "" : text);

    // when / then
    assertThatThrownBy(() -> EventCodec.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem);
  }

  @Test
  void shouldNotEchoContentOfCorruptBytes() {
    // given
    byte[] bytes = utf8("{\"type\":\"track\",\"userId\":ada@example.com}");

    // when / then
    assertThatThrownBy(() -> EventCodec.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at byte")
        .hasMessageNotContaining("ada")
        .hasNoCause();
  }

  private static ObjectNode object(String text) {
    return (ObjectNode) json(text);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
