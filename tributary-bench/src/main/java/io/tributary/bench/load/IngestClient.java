package io.tributary.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The two calls the generator makes: {@code POST /v1/batch} with Basic auth, and {@code GET
 * /v1/profiles/{idType}/{value}} with a bearer token. With several servers (instances of one hub
 * that share their state), each call goes to the next one in turn, batches and lookups each in their
 * own rotation. Thread-safe; blocking calls are meant for virtual threads.
 */
public final class IngestClient {

  private static final int DETAIL_CHARS = 200;

  private final HttpClient http;
  private final List<String> baseUrls;
  private final List<URI> batchUris;
  private final LongAdder[] batchesSent;
  private final AtomicLong nextBatch = new AtomicLong();
  private final AtomicLong nextLookup = new AtomicLong();
  private final String authorization;
  private final Duration requestTimeout;

  /**
   * @param http the client to send with; see {@link #newHttpClient()}
   * @param baseUrls the servers' base URLs, without {@code /v1}; at least one
   * @param writeKey the source's write key
   * @param requestTimeout time after which a request fails
   */
  public IngestClient(HttpClient http, List<URI> baseUrls, String writeKey, Duration requestTimeout) {
    this.http = Objects.requireNonNull(http, "http");
    this.baseUrls =
        Objects.requireNonNull(baseUrls, "baseUrls").stream()
            .map(URI::toString)
            .map(base -> base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
            .toList();
    if (this.baseUrls.isEmpty()) {
      throw new IllegalArgumentException("Expected at least one base URL, but there was none");
    }
    this.batchUris = this.baseUrls.stream().map(base -> URI.create(base + "/v1/batch")).toList();
    this.batchesSent = new LongAdder[this.baseUrls.size()];
    for (int i = 0; i < batchesSent.length; i++) {
      batchesSent[i] = new LongAdder();
    }
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (Objects.requireNonNull(writeKey, "writeKey") + ":")
                        .getBytes(StandardCharsets.UTF_8));
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
  }

  /** An HTTP/1.1 client whose callbacks run on virtual threads. */
  public static HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /**
   * Sends one batch and classifies the answer.
   *
   * @param body a complete {@code {"batch":[...]}} document
   * @return the outcome; transport failures are {@link SendOutcome.Failed}, never exceptions
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  public SendOutcome sendBatch(byte[] body) throws InterruptedException {
    int target = next(nextBatch);
    batchesSent[target].increment();
    HttpRequest request =
        HttpRequest.newBuilder(batchUris.get(target))
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("Authorization", authorization)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, IngestClient::bodyUnlessSuccess);
    } catch (IOException e) {
      return new SendOutcome.Failed(-1, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return new SendOutcome.Accepted(status);
    }
    if (status == 429 || status == 503) {
      return new SendOutcome.Throttled(
          status, RetryAfter.parse(response.headers().firstValue("Retry-After"), Instant.now()));
    }
    String detail = abbreviate(response.body());
    if (status >= 400 && status < 500) {
      return new SendOutcome.Rejected(status, detail);
    }
    return new SendOutcome.Failed(status, "HTTP " + status + ": " + detail);
  }

  /**
   * Asks whether a profile with the given identifier exists.
   *
   * @return the HTTP status: 200 when the profile exists, 404 when not (yet)
   * @throws IOException when no answer arrives
   */
  public int profileStatus(String idType, String value, String adminToken)
      throws IOException, InterruptedException {
    String baseUrl = baseUrls.get(next(nextLookup));
    URI uri = URI.create(baseUrl + "/v1/profiles/" + segment(idType) + "/" + segment(value));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Authorization", "Bearer " + adminToken)
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Batch requests sent so far to each server, retries included, by base URL in given order. */
  public Map<String, Long> batchesSentPerTarget() {
    Map<String, Long> sent = new LinkedHashMap<>();
    for (int i = 0; i < baseUrls.size(); i++) {
      sent.put(baseUrls.get(i), batchesSent[i].sum());
    }
    return sent;
  }

  private int next(AtomicLong rotation) {
    return (int) Math.floorMod(rotation.getAndIncrement(), (long) baseUrls.size());
  }

  private static HttpResponse.BodySubscriber<String> bodyUnlessSuccess(
      HttpResponse.ResponseInfo info) {
    return info.statusCode() / 100 == 2
        ? BodySubscribers.replacing("")
        : BodySubscribers.ofString(StandardCharsets.UTF_8);
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String abbreviate(String body) {
    String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= DETAIL_CHARS ? oneLine : oneLine.substring(0, DETAIL_CHARS) + "...";
  }
}
