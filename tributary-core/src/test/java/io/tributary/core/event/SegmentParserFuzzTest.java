package io.tributary.core.event;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Feeds arbitrary bytes through Jackson into {@link SegmentParser} and checks the {@link
 * ParserInvariants}: whatever JSON arrives, the parser answers with a result, never an exception;
 * every refusal names a field and a rule; every accepted event survives the codec unchanged.
 *
 * <p>In a normal build ({@code mvn verify}) Jazzer runs in regression mode: it replays the inputs
 * under {@code src/test/resources/io/tributary/core/event/SegmentParserFuzzTestInputs/} (hand-made
 * seeds and past findings, {@code crash-*}) and nothing else. To fuzz for real, with coverage
 * guidance, for the {@code maxDuration} below:
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -pl tributary-core test -Dtest=SegmentParserFuzzTest
 * </pre>
 *
 * The corpus it grows goes to {@code tributary-core/.cifuzz-corpus/} (ignored by git); a failing
 * input is saved next to the seeds as {@code crash-<sha1>}: fix the cause and commit the input, so
 * that every later build replays it.
 */
class SegmentParserFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant RECEIVED_AT = Instant.parse("2024-05-01T12:00:00Z");
  // A small size limit, so that inputs of the fuzzer's usual length reach that rule too.
  private static final SegmentParser PARSER =
      new SegmentParser(InstantSource.fixed(RECEIVED_AT), 2048);

  @FuzzTest(maxDuration = "5m")
  void shouldAnswerEveryJsonInputWithAResult(byte[] input) {
    JsonNode message;
    try {
      message = JSON.readTree(input);
    } catch (IOException e) {
      // Not JSON. Besides JacksonException this is CharConversionException: Jackson guesses the
      // encoding of a byte array (UTF-8, -16 or -32) and gives up on bytes valid in none.
      return;
    }

    ParserInvariants.check(PARSER, message, RECEIVED_AT);
  }
}
