package io.tributary.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tributary.server.HubMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;

/** Health, Prometheus metrics and the OpenAPI document. None of them needs a token. */
public final class OpsService implements HttpService {
  /** What {@code /health} reports. */
  public record Health(boolean up, long logEndPosition, long processorPosition, long lagEvents, List<Integer> partitions) {}

  private final Supplier<Health> health;
  private final HubMetrics metrics;
  private final boolean metricsEnabled;
  private final byte[] openApi;

  public OpsService(Supplier<Health> health, HubMetrics metrics, boolean metricsEnabled) {
    this.health = health;
    this.metrics = metrics;
    this.metricsEnabled = metricsEnabled;
    try (InputStream in = OpsService.class.getResourceAsStream("/io/tributary/server/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the server's resources");
      }
      this.openApi = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/health", this::health);
    rules.get("/openapi.yaml", this::openApi);
    if (metricsEnabled) {
      rules.get("/metrics", this::metrics);
    }
  }

  private void health(ServerRequest req, ServerResponse res) {
    Health h = health.get();
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("status", h.up() ? "UP" : "DOWN");
    body.putObject("log").put("end_position", h.logEndPosition());
    ObjectNode processor = body.putObject("processor").put("position", h.processorPosition()).put("lag_events", h.lagEvents());
    h.partitions().forEach(processor.putArray("partitions")::add);
    Json.send(res, h.up() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, body);
  }

  private void metrics(ServerRequest req, ServerResponse res) {
    res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
    res.send(metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private void openApi(ServerRequest req, ServerResponse res) {
    res.header(HeaderNames.CONTENT_TYPE, "application/yaml");
    res.send(openApi);
  }
}
