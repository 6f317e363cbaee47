package io.tributary.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/** A test client for a hub over real HTTP. */
public final class HubClient {
  public static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String writeKey;
  private final String adminToken;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public HubClient(URI base, String writeKey, String adminToken) {
    this.base = base;
    this.writeKey = writeKey;
    this.adminToken = adminToken;
  }

  /** A client of an in-process hub, with its first source's write key and its admin token. */
  public static HubClient of(Hub hub) {
    return new HubClient(URI.create("http://127.0.0.1:" + hub.port()), hub.sources().getFirst().writeKey(), hub.adminToken());
  }

  public record Response(int status, JsonNode body, java.net.http.HttpHeaders headers) {}

  public Response post(String path, String body) {
    return post(path, body, "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)));
  }

  public Response post(String path, String body, String authorization) {
    var b = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return send(b.build());
  }

  /** A request with the admin token; {@code body} may be null. */
  public Response admin(String method, String path, String body) {
    var b = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + adminToken)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return send(b.build());
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + adminToken)
        .timeout(Duration.ofSeconds(30)).GET().build());
  }

  public Response getWithoutAuth(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build());
  }

  public String getText(String path) {
    try {
      return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Response send(HttpRequest req) {
    try {
      HttpResponse<byte[]> res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      JsonNode body = res.body().length == 0 ? JSON.missingNode() : parse(res.body());
      return new Response(res.statusCode(), body, res.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException notJson) {
      return JSON.getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
    }
  }

  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Polls until the profile of an identifier satisfies the condition; fails with what it last saw. */
  public JsonNode awaitProfile(String idType, String value, Predicate<JsonNode> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Response last = null;
    while (System.nanoTime() < deadline) {
      last = get("/v1/profiles/" + idType + "/" + enc(value));
      if (last.status() == 200 && condition.test(last.body())) {
        return last.body();
      }
      sleep(20);
    }
    throw new AssertionError("The profile of " + idType + " did not reach the expected state within " + timeout
        + "; last answer: " + (last == null ? "none" : last.status() + " " + last.body()));
  }

  /** Polls {@code /health} until its answer satisfies the condition; fails with what it last saw. */
  public Response awaitHealth(String what, Predicate<Response> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Response last = null;
    while (System.nanoTime() < deadline) {
      last = getWithoutAuth("/health");
      if (condition.test(last)) {
        return last;
      }
      sleep(20);
    }
    throw new AssertionError("Expected " + what + " within " + timeout + "; last /health answer: "
        + (last == null ? "none" : last.status() + " " + last.body()));
  }

  /** The value of a metric without labels, from /metrics, e.g. {@code tributary_log_discarded_events_total}. */
  public long metric(String name) {
    for (String line : getText("/metrics").split("\n")) {
      if (line.startsWith(name + " ")) {
        return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
      }
    }
    throw new AssertionError("Expected the metric " + name);
  }

  /** Waits until a metric reaches {@code value} and returns its value then (or at the timeout). */
  public long awaitMetric(String name, long value, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (metric(name) < value && System.nanoTime() < deadline) {
      sleep(50);
    }
    return metric(name);
  }

  /** The log's end position as {@code /health} reports it now. */
  public long logEnd() {
    return getWithoutAuth("/health").body().path("log").path("end_position").asLong(-1);
  }

  /**
   * Waits until the log's end is at least {@code logEnd} and the processors have applied everything
   * in it; returns that /health answer. The floor matters: a kafka+postgres hub refreshes what
   * /health reports every 250 ms, so right after an append it may still show the earlier end, with
   * nothing left to process.
   */
  public JsonNode awaitProcessed(long logEnd, Duration timeout) {
    return awaitHealth("the log end to reach " + logEnd + " and processing to catch up with it", r -> {
      JsonNode h = r.body();
      long end = h.path("log").path("end_position").asLong();
      return end >= logEnd
          && h.path("processor").path("lag_events").asLong(-1) == 0
          && h.path("processor").path("position").asLong() == end;
    }, timeout).body();
  }

  /** All timeline events of a profile, following cursors. */
  public List<JsonNode> timeline(String profileId) {
    List<JsonNode> all = new ArrayList<>();
    String cursor = null;
    do {
      Response r = get("/v1/profiles/" + profileId + "/events?limit=500" + (cursor == null ? "" : "&cursor=" + cursor));
      if (r.status() != 200) {
        throw new AssertionError("timeline answered " + r.status() + " " + r.body());
      }
      r.body().path("events").forEach(all::add);
      cursor = r.body().path("next_cursor").isNull() ? null : r.body().path("next_cursor").asText();
    } while (cursor != null);
    return all;
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
