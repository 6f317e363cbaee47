package io.tributary.connectors.camel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.SendResult;
import io.tributary.core.delivery.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CamelTransportTest {
  private static final DeliveryMode REALTIME = new DeliveryMode.Realtime();
  @AutoClose private static final CamelTransportFactory factory = new CamelTransportFactory();

  @TempDir Path dir;

  @Test
  void shouldWriteEachPayloadToAFileNamedByItsIdempotencyKey() throws Exception {
    // given
    try (Transport transport = factory.create("archive", Map.of("uri", "file:" + dir), REALTIME)) {
      // when
      SendResult result = transport.send(List.of(message(1, "{\"city\":\"Zürich\"}"), message(2, "{\"n\":2}")));

      // then
      assertThat(result).isEqualTo(SendResult.DELIVERED);
      assertThat(Files.readString(dir.resolve("key-1.json"), UTF_8)).isEqualTo("{\"city\":\"Zürich\"}");
      assertThat(Files.readString(dir.resolve("key-2.json"), UTF_8)).isEqualTo("{\"n\":2}");
    }
  }

  @Test
  void shouldOverwriteTheFileWhenAMessageIsSentAgain() throws Exception {
    // given
    try (Transport transport = factory.create("archive", Map.of("uri", "file:" + dir), REALTIME)) {
      transport.send(List.of(message(1, "{\"try\":1}")));

      // when
      SendResult again = transport.send(List.of(message(1, "{\"try\":2}")));

      // then
      assertThat(again).isEqualTo(SendResult.DELIVERED);
      try (var files = Files.list(dir)) {
        assertThat(files).containsExactly(dir.resolve("key-1.json"));
      }
      assertThat(Files.readString(dir.resolve("key-1.json"))).isEqualTo("{\"try\":2}");
    }
  }

  @Test
  void shouldLeaveTheFileNameToAStaticHeaderOrTheUri() throws Exception {
    // given
    Map<String, Object> byHeader = Map.of("uri", "file:" + dir.resolve("header"), "headers", Map.of("CamelFileName", "latest.json"));
    Map<String, Object> byUri = Map.of("uri", "file:" + dir.resolve("uri") + "?fileName=${header.TributaryProfileId}-${header.TributaryDestination}.json");
    try (Transport header = factory.create("archive", byHeader, REALTIME);
        Transport uri = factory.create("archive", byUri, REALTIME)) {
      // when
      header.send(List.of(message(1, "{}")));
      uri.send(List.of(message(1, "{}")));

      // then
      assertThat(dir.resolve("header/latest.json")).hasContent("{}");
      assertThat(dir.resolve("uri/profile-1-archive.json")).hasContent("{}");
    }
  }

  @Test
  void shouldFailRetryablyWhenTheEndpointFails() throws Exception {
    // given: the directory's path is taken by a plain file
    Path blocked = Files.writeString(dir.resolve("blocked"), "not a directory");
    try (Transport transport = factory.create("archive", Map.of("uri", "file:" + blocked), REALTIME)) {
      // when
      SendResult result = transport.send(List.of(message(7, "{\"email\":\"secret@example.com\"}")));

      // then
      assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class, failed -> {
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.response()).startsWith("Message 7 was not sent: org.apache.camel.component.file.GenericFileOperationFailedException").doesNotContain("secret");
      });
    }
  }

  @Test
  void shouldStartTheContextWithTheFirstTransportAndStopItWithTheLast() throws Exception {
    try (CamelTransportFactory own = new CamelTransportFactory()) {
      // given
      assertThat(own.running()).isFalse();
      Transport first = own.create("a", Map.of("uri", "file:" + dir.resolve("a")), REALTIME);
      Transport second = own.create("b", Map.of("uri", "file:" + dir.resolve("b")), REALTIME);
      assertThat(own.running()).isTrue();

      // when: closed twice, the first still counts once
      first.close();
      first.close();

      // then
      assertThat(own.running()).isTrue();
      assertThat(second.send(List.of(message(1, "{}")))).isEqualTo(SendResult.DELIVERED);
      second.close();
      assertThat(own.running()).isFalse();

      // and a new transport starts a new context
      try (Transport third = own.create("c", Map.of("uri", "file:" + dir.resolve("c")), REALTIME)) {
        assertThat(third.send(List.of(message(1, "{}")))).isEqualTo(SendResult.DELIVERED);
        assertThat(own.running()).isTrue();
      }
      assertThat(own.running()).isFalse();
    }
  }

  @Test
  void shouldFailRetryablyOnceTheFactoryHasClosed() {
    // given
    CamelTransportFactory own = new CamelTransportFactory();
    Transport transport = own.create("a", Map.of("uri", "file:" + dir), REALTIME);

    // when
    own.close();
    SendResult result = transport.send(List.of(message(1, "{}")));

    // then
    assertThat(own.running()).isFalse();
    assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class, failed -> assertThat(failed.retryable()).isTrue());
    transport.close();
  }

  static OutboundMessage message(long id, String payload) {
    return new OutboundMessage(id, "archive", 0, "profile-1", "key-" + id, payload.getBytes(UTF_8), Instant.parse("2024-05-06T07:08:09Z"), 0, null, null);
  }
}
