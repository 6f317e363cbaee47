package io.tributary.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * What must hold for any input, valid or not: shared by the Jazzer fuzz test and the properties of
 * {@link SegmentParserPropertyTest}. Parsing never throws; every refusal names a field and a rule;
 * every accepted event carries the hub's source and receipt time and survives the codec unchanged;
 * a batch accounts for each of its items exactly once.
 */
final class ParserInvariants {

  static final String SOURCE = "source-invariants";

  private ParserInvariants() {}

  static void check(SegmentParser parser, JsonNode message, Instant receivedAt) {
    for (EventType type : EventType.values()) {
      switch (parser.parse(message, type, SOURCE, receivedAt)) {
        case ParseResult.Accepted accepted -> {
          assertThat(accepted.event().type()).isEqualTo(type);
          checkAccepted(accepted.event(), receivedAt);
        }
        case ParseResult.Rejected rejected -> checkErrors(rejected.errors());
      }
    }

    BatchResult batch = parser.parseBatch(message, SOURCE, receivedAt);
    if (!batch.batchErrors().isEmpty()) {
      checkErrors(batch.batchErrors());
      return;
    }
    batch.accepted().forEach(item -> checkAccepted(item.event(), receivedAt));
    batch.rejected().forEach(item -> checkErrors(item.errors()));
    List<Integer> indexes =
        Stream.concat(
                batch.accepted().stream().map(BatchResult.AcceptedItem::index),
                batch.rejected().stream().map(BatchResult.RejectedItem::index))
            .sorted()
            .toList();
    assertThat(indexes).isEqualTo(IntStream.range(0, message.get("batch").size()).boxed().toList());
  }

  private static void checkAccepted(Event event, Instant receivedAt) {
    assertThat(event.sourceId()).isEqualTo(SOURCE);
    assertThat(event.receivedAt()).isEqualTo(receivedAt);
    assertThat(event.messageId()).isNotBlank();
    assertThat(EventCodec.decode(EventCodec.encode(event))).isEqualTo(event);
  }

  private static void checkErrors(List<FieldError> errors) {
    assertThat(errors).isNotEmpty();
    for (FieldError error : errors) {
      assertThat(error.field()).isNotEmpty();
      assertThat(error.rule()).isNotEmpty();
      assertThat(error.message()).isNotEmpty();
    }
  }
}
