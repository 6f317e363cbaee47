package io.tributary.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.SendResult;
import io.tributary.core.delivery.Transport;
import io.tributary.core.event.FieldError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook transport against a real HTTP server on a free port. */
class HttpTransportTest {
  private final HttpTransportFactory factory = new HttpTransportFactory();
  private HttpServer server;
  private final AtomicReference<int[]> status = new AtomicReference<>(new int[] {200});
  private final AtomicReference<Map<String, String>> answerHeaders = new AtomicReference<>(Map.of());
  private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
  private final List<String> keys = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.createContext("/", ex -> {
      bodies.add(ex.getRequestBody().readAllBytes());
      keys.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
      answerHeaders.get().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      byte[] body = "{\"error\":\"nope\"}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status.get()[0], body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  private static OutboundMessage message(long id, String payload) {
    return new OutboundMessage(id, "crm", 3, "p-1", "key-" + id, payload.getBytes(StandardCharsets.UTF_8), Instant.EPOCH, 0, null, null);
  }

  private Transport transport(DeliveryMode mode) {
    return factory.create("crm", Map.of("url", url()), mode);
  }

  @Test
  void shouldClassifyAnswersAsDeliveredRetryableOrRefused() {
    try (Transport t = transport(new DeliveryMode.Realtime())) {
      // when / then
      status.set(new int[] {204});
      assertThat(t.send(List.of(message(1, "{}")))).isEqualTo(SendResult.DELIVERED);
      for (int code : new int[] {408, 429, 500, 503}) {
        status.set(new int[] {code});
        assertThat(t.send(List.of(message(2, "{}")))).isInstanceOfSatisfying(SendResult.Failed.class, f -> {
          assertThat(f.retryable()).as("HTTP " + code).isTrue();
          assertThat(f.response()).isEqualTo("HTTP " + code + ": {\"error\":\"nope\"}");
        });
      }
      for (int code : new int[] {301, 400, 401, 404, 422}) {
        status.set(new int[] {code});
        assertThat(t.send(List.of(message(3, "{}")))).isInstanceOfSatisfying(SendResult.Failed.class, f -> assertThat(f.retryable()).as("HTTP " + code).isFalse());
      }
      assertThat(keys).startsWith("key-1", "key-2");
    }
  }

  @Test
  void shouldHonourRetryAfterInSecondsAndAsADate() {
    try (Transport t = transport(new DeliveryMode.Realtime())) {
      status.set(new int[] {429});
      answerHeaders.set(Map.of("Retry-After", "7"));
      assertThat(((SendResult.Failed) t.send(List.of(message(1, "{}")))).retryAfter()).isEqualTo(Duration.ofSeconds(7));
      String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().plusSeconds(60).atOffset(ZoneOffset.UTC));
      answerHeaders.set(Map.of("Retry-After", inAMinute));
      assertThat(((SendResult.Failed) t.send(List.of(message(1, "{}")))).retryAfter()).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(61));
      answerHeaders.set(Map.of("Retry-After", "soon"));
      assertThat(((SendResult.Failed) t.send(List.of(message(1, "{}")))).retryAfter()).isNull();
    }
  }

  @Test
  void shouldSendAWindowAsOneJsonArrayUnderAKeyOfItsOwn() {
    try (Transport t = transport(new DeliveryMode.Batch(Duration.ofHours(1), 100))) {
      // when
      SendResult first = t.send(List.of(message(1, "{\"a\":1}"), message(2, "{\"a\":2}")));
      SendResult again = t.send(List.of(message(1, "{\"a\":1}"), message(2, "{\"a\":2}")));
      // then
      assertThat(first).isEqualTo(SendResult.DELIVERED);
      assertThat(again).isEqualTo(SendResult.DELIVERED);
      assertThat(new String(bodies.getFirst(), StandardCharsets.UTF_8)).isEqualTo("[{\"a\":1},{\"a\":2}]");
      assertThat(keys.get(0)).isEqualTo(keys.get(1)).isNotIn("key-1", "key-2");
    }
  }

  @Test
  void shouldSendEveryRealTimeBodyAsAnArrayWhenMaxBatchIsAboveOne() {
    try (Transport t = factory.create("crm", Map.of("url", url(), "max-batch", 50), new DeliveryMode.Realtime())) {
      // when
      t.send(List.of(message(1, "{\"a\":1}")));
      t.send(List.of(message(2, "{\"a\":2}"), message(3, "{\"a\":3}")));
      // then
      assertThat(t.maxBatch()).isEqualTo(50);
      assertThat(new String(bodies.get(0), StandardCharsets.UTF_8)).isEqualTo("[{\"a\":1}]");
      assertThat(new String(bodies.get(1), StandardCharsets.UTF_8)).isEqualTo("[{\"a\":2},{\"a\":3}]");
      assertThat(keys.get(1)).isNotIn("key-2", "key-3");
    }
    try (Transport single = transport(new DeliveryMode.Realtime())) {
      assertThat(single.maxBatch()).as("the default").isEqualTo(1);
    }
  }

  @Test
  void shouldRetryWhenNothingListens() {
    server.stop(0);
    try (Transport t = transport(new DeliveryMode.Realtime())) {
      assertThat(t.send(List.of(message(1, "{}")))).isInstanceOfSatisfying(SendResult.Failed.class, f -> {
        assertThat(f.retryable()).isTrue();
        assertThat(f.response()).startsWith("connection failed");
      });
    }
  }

  @Test
  void shouldNameEveryInvalidOption() {
    // when
    List<FieldError> errors =
        factory.validate(
            Map.of(
                "url", "ftp://x.example/",
                "method", "DELETE",
                "timeout", "soon",
                "headers", Map.of("Authorization", "Bearer x", "X-Count", 3),
                "auth", Map.of("type", "basic", "token", "t"),
                "max-batch", 0,
                "verb", "POST"),
            new DeliveryMode.Realtime());
    // then
    assertThat(errors).extracting(FieldError::field)
        .contains("transport.url", "transport.method", "transport.timeout", "transport.headers.Authorization",
            "transport.headers.X-Count", "transport.auth.token", "transport.auth.user", "transport.auth.password", "transport.max-batch", "transport.verb");
    assertThat(factory.validate(Map.of("url", url(), "max-batch", 2.5), new DeliveryMode.Realtime()))
        .extracting(FieldError::rule).containsExactly("type:integer");
    assertThat(factory.validate(Map.of("url", url(), "auth", Map.of("type", "hmac", "secret", "s")), new DeliveryMode.Realtime())).isEmpty();
  }
}
