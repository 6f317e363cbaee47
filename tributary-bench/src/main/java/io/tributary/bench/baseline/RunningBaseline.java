package io.tributary.bench.baseline;

import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * A started baseline server. Closing it stops taking requests, then makes every accepted append
 * durable and closes the file.
 */
public final class RunningBaseline implements AutoCloseable {

  /** Segment write endpoints holding a single event. */
  private static final List<String> SINGLE_EVENT_PATHS =
      List.of("/v1/track", "/v1/identify", "/v1/page", "/v1/screen", "/v1/group", "/v1/alias");

  private final WebServer server;
  private final GroupCommitLog log;

  private RunningBaseline(WebServer server, GroupCommitLog log) {
    this.server = server;
    this.log = log;
  }

  /**
   * Opens the file and starts serving.
   *
   * @return the running server; {@link #port()} tells the port when 0 was asked for
   */
  public static RunningBaseline start(BaselineConfig config) throws IOException {
    Objects.requireNonNull(config, "config");
    GroupCommitLog log =
        GroupCommitLog.open(config.file(), config.queueCapacity(), config.maxGroupSize());
    BasicAuth auth = new BasicAuth(config.writeKey());
    IngestHandler batch = new IngestHandler(auth, log, true);
    IngestHandler single = new IngestHandler(auth, log, false);
    try {
      WebServer server =
          WebServer.builder()
              .host(config.host())
              .port(config.port())
              .maxPayloadSize(config.maxPayloadBytes())
              .shutdownHook(false)
              .routing(routing -> routes(routing, batch, single))
              .build()
              .start();
      return new RunningBaseline(server, log);
    } catch (RuntimeException e) {
      log.close();
      throw e;
    }
  }

  private static void routes(
      HttpRouting.Builder routing, IngestHandler batch, IngestHandler single) {
    routing.post("/v1/batch", batch).post("/v1/import", batch);
    SINGLE_EVENT_PATHS.forEach(path -> routing.post(path, single));
    routing.get("/health", (req, res) -> res.status(Status.OK_200).send("ok"));
  }

  /** The port the server listens on. */
  public int port() {
    return server.port();
  }

  /** Records made durable so far. */
  public long durableRecords() {
    return log.records();
  }

  /** Forced writes so far. */
  public long groupCommits() {
    return log.groups();
  }

  @Override
  public void close() throws IOException {
    server.stop();
    log.close();
  }
}
