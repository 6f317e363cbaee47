package io.tributary.bench.baseline;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers the Segment-spec write endpoints: authenticate, parse the whole body into a tree (as the
 * hub does), check its shape, append the raw bytes to the {@link GroupCommitLog}, and answer 200
 * only once they are on disk. A full queue is answered 503 with {@code Retry-After}.
 */
final class IngestHandler implements Handler {

  private static final Logger LOG = Logger.getLogger(IngestHandler.class.getName());

  /** A request whose append is not durable by then is answered 503 (the log may be stuck). */
  private static final Duration DURABILITY_TIMEOUT = Duration.ofSeconds(30);

  private static final byte[] SUCCESS = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final BasicAuth auth;
  private final GroupCommitLog log;
  private final boolean batch;

  /**
   * @param batch true for {@code /v1/batch} and {@code /v1/import}, whose body must hold a {@code
   *     batch} array; false for single-event endpoints, whose body must be an object
   */
  IngestHandler(BasicAuth auth, GroupCommitLog log, boolean batch) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.log = Objects.requireNonNull(log, "log");
    this.batch = batch;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) throws Exception {
    if (!auth.accepts(req.headers().first(HeaderNames.AUTHORIZATION))) {
      res.header(HeaderNames.WWW_AUTHENTICATE, "Basic realm=\"tributary\"");
      error(res, Status.UNAUTHORIZED_401, "Expected HTTP Basic auth with a valid write key");
      return;
    }
    byte[] body = req.content().inputStream().readAllBytes();
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (JacksonException e) {
      error(res, Status.BAD_REQUEST_400, "Expected a JSON body, but it does not parse");
      return;
    }
    Optional<String> shapeProblem = shapeProblem(tree);
    if (shapeProblem.isPresent()) {
      error(res, Status.BAD_REQUEST_400, shapeProblem.get());
      return;
    }
    Optional<CompletableFuture<Void>> appended = log.append(body);
    if (appended.isEmpty()) {
      res.header(HeaderNames.RETRY_AFTER, "1");
      error(res, Status.SERVICE_UNAVAILABLE_503, "The write queue is full; retry later");
      return;
    }
    try {
      appended.get().get(DURABILITY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      res.header(HeaderNames.RETRY_AFTER, "1");
      error(res, Status.SERVICE_UNAVAILABLE_503, "The write did not become durable in time");
      return;
    } catch (ExecutionException e) {
      LOG.log(Level.SEVERE, "append failed; answering 500", e.getCause());
      error(res, Status.INTERNAL_SERVER_ERROR_500, "The event could not be stored");
      return;
    }
    res.status(Status.OK_200);
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(SUCCESS);
  }

  private Optional<String> shapeProblem(JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      return Optional.of("Expected a JSON object as the body");
    }
    if (batch && !tree.path("batch").isArray()) {
      return Optional.of("Expected field 'batch' to be an array of events");
    }
    return Optional.empty();
  }

  private static void error(ServerResponse res, Status status, String message) throws Exception {
    byte[] body = MAPPER.writeValueAsBytes(Map.of("success", false, "error", message));
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(body);
  }
}
