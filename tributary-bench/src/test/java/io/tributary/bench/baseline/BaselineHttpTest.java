package io.tributary.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The baseline's HTTP contract: what it answers, and that only accepted bodies reach the file. */
class BaselineHttpTest {

  private static final String KEY = "wk_test";

  @TempDir Path dir;

  private RunningBaseline baseline;
  private HttpClient http;

  @BeforeEach
  void start() throws Exception {
    baseline = RunningBaseline.start(BaselineConfig.of("127.0.0.1", 0, dir.resolve("log"), KEY));
    http = HttpClient.newHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    http.close();
    baseline.close();
  }

  @Test
  void shouldStoreAValidBatchAndAnswerSuccess() throws Exception {
    HttpResponse<String> response = post("/v1/batch", KEY, "{\"batch\":[{\"type\":\"track\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"success\":true}");
    assertThat(records()).containsExactly("{\"batch\":[{\"type\":\"track\"}]}");
  }

  @Test
  void shouldAcceptSingleEventEndpoints() throws Exception {
    assertThat(post("/v1/identify", KEY, "{\"userId\":\"u1\"}").statusCode()).isEqualTo(200);
    assertThat(records()).containsExactly("{\"userId\":\"u1\"}");
  }

  @Test
  void shouldRefuseAWrongWriteKey() throws Exception {
    HttpResponse<String> response = post("/v1/batch", "other", "{\"batch\":[]}");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(records()).isEmpty();
  }

  @Test
  void shouldRefuseBodiesThatAreNotABatch() throws Exception {
    assertThat(post("/v1/batch", KEY, "{\"batch\":").statusCode()).isEqualTo(400);
    assertThat(post("/v1/batch", KEY, "{\"events\":[]}").body()).contains("'batch'");
    assertThat(post("/v1/track", KEY, "[1,2]").statusCode()).isEqualTo(400);
    assertThat(records()).isEmpty();
  }

  @Test
  void shouldAnswerHealth() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("/health")).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> post(String path, String key, String body) throws Exception {
    String auth = Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Basic " + auth)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + baseline.port() + path);
  }

  private List<String> records() throws Exception {
    List<String> records = new ArrayList<>();
    RecordFile.forEach(dir.resolve("log"), r -> records.add(new String(r, StandardCharsets.UTF_8)));
    return records;
  }
}
