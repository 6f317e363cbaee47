package io.tributary.bench.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The receivers over HTTP: what each behaviour answers, and what the control port reports. */
@Timeout(30)
class RunningSinksTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RunningSinks sinks;
  private HttpClient http;
  private int closedPort;

  @BeforeEach
  void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    sinks =
        RunningSinks.start(
            List.of(
                new SinkSpec("up", 0, SinkSpec.Behaviour.UP),
                new SinkSpec("failing", 0, SinkSpec.Behaviour.ANSWER_503),
                new SinkSpec("down", closedPort, SinkSpec.Behaviour.REFUSE)),
            0);
    http = HttpClient.newHttpClient();
  }

  @AfterEach
  void stop() {
    http.close();
    sinks.close();
  }

  @Test
  void shouldAnswerAtOnceAndReportTheLatencyFromSendToArrival() throws Exception {
    // given: an event sent 5 ms ago
    long sentAt = nowMicros() - 5_000;

    // when
    HttpResponse<String> answer = post(sinks.port("up"), sentAt, "key-1");

    // then
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode report = get("/report?from_us=" + (sentAt - 1) + "&to_us=" + (sentAt + 1));
    JsonNode up = report.path("sinks").get(0);
    assertThat(up.path("name").asText()).isEqualTo("up");
    assertThat(up.path("events").asLong()).isEqualTo(1);
    assertThat(up.path("latencyMs").path("max").asDouble()).isBetween(5.0, 5_000.0);
    assertThat(get("/count?from_us=" + (sentAt - 1)).path("up").asLong()).isEqualTo(1);
  }

  @Test
  void shouldCountEveryEventOfAnArrayBodyAndAResentArrayAsResends() throws Exception {
    // given: three events in one request (a destination with max-batch), sent twice
    long sentAt = nowMicros() - 5_000;
    String one = "{\"type\":\"track\",\"context\":{\"sent_at_us\":" + sentAt + "}}";
    String body = "[" + one + "," + one + "," + one + "]";

    // when
    assertThat(post(sinks.port("up"), body, "batch-key").statusCode()).isEqualTo(200);
    assertThat(post(sinks.port("up"), body, "batch-key").statusCode()).isEqualTo(200);

    // then
    JsonNode up = get("/report?from_us=" + (sentAt - 1) + "&to_us=" + (sentAt + 1)).path("sinks").get(0);
    assertThat(up.path("events").asLong()).isEqualTo(3);
    assertThat(up.path("resends").asLong()).isEqualTo(3);
    assertThat(up.path("requests").asLong()).as("events received, resends included").isEqualTo(6);
    assertThat(up.path("httpRequests").asLong()).isEqualTo(2);
  }

  @Test
  void shouldPlayAFailingDestinationWith503() throws Exception {
    HttpResponse<String> answer = post(sinks.port("failing"), nowMicros(), "key-1");

    assertThat(answer.statusCode()).isEqualTo(503);
    JsonNode failing = get("/report").path("sinks").get(1);
    assertThat(failing.path("behaviour").asText()).isEqualTo("503");
    assertThat(failing.path("refused").asLong()).isEqualTo(1);
    assertThat(failing.path("events").asLong()).isZero();
  }

  @Test
  void shouldPlayADestinationThatIsDownByRefusingConnections() {
    assertThat(sinks.port("down")).isEqualTo(-1);
    assertThatThrownBy(() -> post(closedPort, nowMicros(), "key-1"))
        .isInstanceOf(ConnectException.class);
  }

  private HttpResponse<String> post(int port, long sentAt, String key) throws Exception {
    return post(port, "{\"type\":\"track\",\"context\":{\"sent_at_us\":" + sentAt + "}}", key);
  }

  private HttpResponse<String> post(int port, String body, String key) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hook"))
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sinks.controlPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return MAPPER.readTree(answer.body());
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }
}
