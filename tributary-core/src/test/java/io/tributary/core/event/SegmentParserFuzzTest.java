package io.tributary.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * Feeds arbitrary bytes through Jackson into {@link SegmentParser}: whatever JSON arrives, the
 * parser answers with a result, never an exception; every refusal names a field and a rule; and
 * every accepted event survives the codec unchanged.
 *
 * <p>In a normal build ({@code mvn verify}) Jazzer runs in regression mode: only the seed inputs
 * under {@code src/test/resources/io/tributary/core/event/SegmentParserFuzzTestInputs/} and any
 * findings there. To fuzz for real, with coverage guidance, for five minutes:
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -pl tributary-core test -Dtest=SegmentParserFuzzTest \
 *     -Djazzer.max_duration=5m
 * </pre>
 *
 * Inputs that fail are written next to the seeds as {@code crash-*}; keep them there as
 * regression inputs once fixed.
 */
class SegmentParserFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant RECEIVED_AT = Instant.parse("2024-05-01T12:00:00Z");
  private static final SegmentParser PARSER =
      new SegmentParser(InstantSource.fixed(RECEIVED_AT), 2048);

  @FuzzTest
  void shouldAnswerEveryJsonInputWithAResult(byte[] input) {
    JsonNode message;
    try {
      message = JSON.readTree(input);
    } catch (JacksonException e) {
      return;
    } catch (IOException e) {
      throw new AssertionError("Reading from a byte array cannot fail with I/O", e);
    }

    for (EventType type : EventType.values()) {
      checkResult(PARSER.parse(message, type, "source-fuzz", RECEIVED_AT));
    }
    BatchResult batch = PARSER.parseBatch(message, "source-fuzz", RECEIVED_AT);
    checkErrors(batch.batchErrors());
    batch.accepted().forEach(item -> checkRoundTrip(item.event()));
    batch.rejected().forEach(item -> checkErrors(item.errors()));
    if (batch.batchErrors().isEmpty()) {
      assertThat(batch.accepted().size() + batch.rejected().size())
          .isEqualTo(message.get("batch").size());
    }
  }

  private static void checkResult(ParseResult result) {
    switch (result) {
      case ParseResult.Accepted accepted -> checkRoundTrip(accepted.event());
      case ParseResult.Rejected rejected -> checkErrors(rejected.errors());
    }
  }

  private static void checkRoundTrip(Event event) {
    assertThat(EventCodec.decode(EventCodec.encode(event))).isEqualTo(event);
  }

  private static void checkErrors(List<FieldError> errors) {
    for (FieldError error : errors) {
      assertThat(error.field()).isNotEmpty();
      assertThat(error.rule()).isNotEmpty();
      assertThat(error.message()).isNotEmpty();
    }
  }
}
