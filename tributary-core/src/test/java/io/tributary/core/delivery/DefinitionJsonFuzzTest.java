package io.tributary.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Feeds arbitrary bytes through Jackson into {@link DefinitionJson#read} and {@link
 * DestinationCompiler#compile} (with the {@code test} transport): whatever JSON arrives, the answer
 * is a definition or an {@link InvalidDefinitionException} naming each wrong field, never another
 * exception (which the admin API would answer with a 500); a definition read is written and read
 * back unchanged, as the state store keeps it.
 *
 * <p>In a normal build Jazzer runs in regression mode: it replays the inputs under {@code
 * src/test/resources/io/tributary/core/delivery/DefinitionJsonFuzzTestInputs/} (hand-made seeds
 * and past findings, {@code crash-*}). To fuzz for real, for the {@code maxDuration} below:
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -pl tributary-core test -Dtest=DefinitionJsonFuzzTest
 * </pre>
 *
 * A failing input is saved next to the seeds as {@code crash-<sha1>}: fix the cause and commit the
 * input, so that every later build replays it.
 */
class DefinitionJsonFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DestinationCompiler COMPILER = TestTransports.compiler();

  @FuzzTest(maxDuration = "5m")
  void shouldAnswerEveryJsonInputWithADefinitionOrItsErrors(byte[] input) {
    JsonNode doc;
    try {
      doc = JSON.readTree(input);
    } catch (IOException e) {
      // Not JSON (Jackson also gives up on bytes valid in none of the encodings it guesses).
      return;
    }
    check(doc, null);
    check(doc, "from-url");
  }

  private static void check(JsonNode doc, String urlName) {
    DestinationDefinition d;
    try {
      d = DefinitionJson.read(doc, urlName);
    } catch (InvalidDefinitionException e) {
      assertNamesEveryField(e);
      return;
    }
    assertThat(DefinitionJson.read(DefinitionJson.write(d), null)).isEqualTo(d);
    try {
      COMPILER.compile(d);
    } catch (InvalidDefinitionException e) {
      assertNamesEveryField(e);
    }
  }

  private static void assertNamesEveryField(InvalidDefinitionException e) {
    assertThat(e.errors()).isNotEmpty().allSatisfy(error -> {
      // The field may be "", when the document has an unknown field of that name.
      assertThat(error.rule()).isNotBlank();
      assertThat(e.getMessage()).contains(error.field() + ": ");
    });
  }
}
