package io.tributary.connectors.http;

import io.tributary.connectors.support.Options;
import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.delivery.Transport;
import io.tributary.core.delivery.TransportFactory;
import io.tributary.core.event.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code http} transport: a webhook.
 *
 * <pre>{@code
 * transport:
 *   type: http
 *   url: https://crm.example/hooks/customers   # required, http or https
 *   method: POST                                # POST (default), PUT or PATCH
 *   headers: {X-Api-Version: "2"}               # sent with every request
 *   timeout: 10s                                # connect and response timeout
 *   auth: {type: basic, user: ..., password: ...}
 *      or {type: bearer, token: ...}
 *      or {type: hmac, secret: ..., header: X-Tributary-Signature}
 * }</pre>
 */
public final class HttpTransportFactory implements TransportFactory {
  static final Set<String> OPTIONS = Set.of("url", "method", "headers", "timeout", "auth", "max-batch");
  /** The most messages one real-time request may carry. */
  static final int MAX_BATCH_LIMIT = 1000;
  static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH");
  static final Set<String> AUTH = Set.of("type", "user", "password", "token", "secret", "header");
  /** Headers the transport sets itself. */
  static final Set<String> RESERVED =
      Set.of("content-type", "content-length", "idempotency-key", "host", "connection", "authorization");

  /** The options, checked. */
  record Config(URI url, String method, Map<String, String> headers, Duration timeout, HttpAuth auth, int maxBatch) {}

  @Override
  public String type() {
    return "http";
  }

  @Override
  public List<FieldError> validate(Map<String, Object> options, DeliveryMode mode) {
    var o = new Options(options, OPTIONS);
    read(o);
    return o.errors();
  }

  static Config read(Options o) {
    URI url = null;
    String text = o.string("url", true);
    if (text != null) {
      try {
        url = new URI(text);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
          o.error("url", "format:http-url", "Expected transport.url to be an absolute http or https URL");
          url = null;
        }
      } catch (URISyntaxException e) {
        o.error("url", "format:http-url", "Expected transport.url to be a URL: " + e.getReason());
      }
    }
    String method = o.oneOf("method", "POST", METHODS);
    Map<String, String> headers = o.stringMap("headers");
    for (String h : headers.keySet()) {
      if (RESERVED.contains(h.toLowerCase(Locale.ROOT))) {
        o.error("headers." + h, "reserved", "Header " + h + " is set by the transport; use auth for credentials");
      }
    }
    Duration timeout = o.duration("timeout", Duration.ofSeconds(10));
    if (timeout.isZero() || timeout.isNegative()) {
      o.error("timeout", "min:1ms", "Expected transport.timeout to be positive");
    }
    HttpAuth auth = HttpAuth.read(o.nested("auth", AUTH), o.has("auth"));
    int maxBatch = o.integer("max-batch", 1, 1, MAX_BATCH_LIMIT);
    return new Config(url, method, headers, timeout, auth, maxBatch);
  }

  @Override
  public Transport create(String destination, Map<String, Object> options, DeliveryMode mode) {
    var o = new Options(options, OPTIONS);
    Config config = read(o);
    if (!o.errors().isEmpty()) {
      throw new IllegalArgumentException("Invalid http transport options: " + o.errors());
    }
    return new HttpTransport(config, mode instanceof DeliveryMode.Batch);
  }
}
