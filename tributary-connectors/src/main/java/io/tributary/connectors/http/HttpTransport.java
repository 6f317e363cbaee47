package io.tributary.connectors.http;

import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.SendResult;
import io.tributary.core.delivery.Transport;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * Sends each payload as the body of one request (real time), or several payloads as one JSON array:
 * a window's (batch mode), or up to {@code max-batch} messages that are ready at once (real time
 * with {@code max-batch} above 1; then every body is an array, even of one). Every request carries
 * {@code Idempotency-Key}: the message's key, or for an array a key derived from all of its
 * messages' keys, so a resent request with the same messages has the same one.
 *
 * <p>2xx is delivered. 408, 429 and 5xx are retried, honouring {@code Retry-After} (seconds or an
 * HTTP date); a timeout or a connection failure is retried too. Any other status (other 4xx, and
 * 3xx: redirects are not followed, as a webhook that moved should be redefined) is refused for
 * good and goes to the dead-letter queue with the status and the start of the response body.
 */
final class HttpTransport implements Transport {
  private static final int KEPT_RESPONSE = 300;

  private final HttpTransportFactory.Config config;
  private final boolean batch;
  private final HttpClient client;

  HttpTransport(HttpTransportFactory.Config config, boolean batch) {
    this.config = config;
    this.batch = batch;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(config.timeout())
            .build();
  }

  @Override
  public int maxBatch() {
    return config.maxBatch();
  }

  @Override
  public SendResult send(List<OutboundMessage> messages) {
    byte[] body;
    String key;
    if (batch || config.maxBatch() > 1 || messages.size() > 1) {
      body = array(messages);
      StringBuilder keys = new StringBuilder();
      messages.forEach(m -> keys.append(m.idempotencyKey()).append(','));
      key = UUID.nameUUIDFromBytes(keys.toString().getBytes(StandardCharsets.UTF_8)).toString();
    } else {
      body = messages.getFirst().payload();
      key = messages.getFirst().idempotencyKey();
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(config.url())
            .timeout(config.timeout())
            .method(config.method(), HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key);
    config.headers().forEach(request::header);
    config.auth().apply(request, body);
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      return SendResult.retry("timed out after " + config.timeout().toMillis() + " ms");
    } catch (IOException e) {
      return SendResult.retry("connection failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SendResult.retry("interrupted while sending");
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return SendResult.DELIVERED;
    }
    String answer = "HTTP " + status + answerText(response.body());
    if (status == 408 || status == 429 || status >= 500) {
      return SendResult.retry(answer, retryAfter(response));
    }
    return SendResult.reject(answer);
  }

  /** The payloads as one JSON array, in one allocation of the exact size. */
  private static byte[] array(List<OutboundMessage> messages) {
    int size = 1 + messages.size();
    for (OutboundMessage m : messages) {
      size += m.payload().length;
    }
    byte[] body = new byte[Math.max(size, 2)];
    int at = 0;
    body[at++] = '[';
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) {
        body[at++] = ',';
      }
      byte[] payload = messages.get(i).payload();
      System.arraycopy(payload, 0, body, at, payload.length);
      at += payload.length;
    }
    body[body.length - 1] = ']';
    return body;
  }

  private static String answerText(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String text = new String(body, 0, Math.min(body.length, KEPT_RESPONSE), StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? "" : ": " + text;
  }

  /** {@code Retry-After} as delta-seconds or an HTTP date (RFC 9110), or null. */
  static Duration retryAfter(HttpResponse<?> response) {
    String value = response.headers().firstValue("Retry-After").orElse(null);
    if (value == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException notSeconds) {
      try {
        var at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(java.time.Instant.now(), at.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
