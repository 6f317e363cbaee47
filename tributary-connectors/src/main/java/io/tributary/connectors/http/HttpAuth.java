package io.tributary.connectors.http;

import io.tributary.connectors.support.Options;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** How a webhook request proves who sends it. */
sealed interface HttpAuth {
  void apply(HttpRequest.Builder request, byte[] body);

  record None() implements HttpAuth {
    @Override
    public void apply(HttpRequest.Builder request, byte[] body) {}
  }

  record Basic(String user, String password) implements HttpAuth {
    @Override
    public void apply(HttpRequest.Builder request, byte[] body) {
      String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      request.header("Authorization", "Basic " + token);
    }

    @Override
    public String toString() {
      return "Basic[user=" + user + "]";
    }
  }

  record Bearer(String token) implements HttpAuth {
    @Override
    public void apply(HttpRequest.Builder request, byte[] body) {
      request.header("Authorization", "Bearer " + token);
    }

    @Override
    public String toString() {
      return "Bearer[]";
    }
  }

  /**
   * An HMAC-SHA256 of the exact body bytes with a shared secret, sent as {@code sha256=<hex>} in
   * {@code header}: the receiver computes the same over what it received and compares.
   */
  record Hmac(byte[] secret, String header) implements HttpAuth {
    @Override
    public void apply(HttpRequest.Builder request, byte[] body) {
      request.header(header, "sha256=" + sign(secret, body));
    }

    static String sign(byte[] secret, byte[] body) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
      }
    }

    @Override
    public String toString() {
      return "Hmac[header=" + header + "]";
    }
  }

  static HttpAuth read(Options o, boolean present) {
    if (!present) {
      return new None();
    }
    String type = o.oneOf("type", null, Set.of("basic", "bearer", "hmac"));
    if (type == null) {
      if (!o.has("type")) {
        o.error("type", "required", "Expected " + o.field("type") + " to be basic, bearer or hmac");
      }
      return new None();
    }
    return switch (type) {
      case "basic" -> {
        only(o, Set.of("type", "user", "password"), type);
        yield new Basic(o.string("user", true), o.string("password", true));
      }
      case "bearer" -> {
        only(o, Set.of("type", "token"), type);
        yield new Bearer(o.string("token", true));
      }
      default -> {
        only(o, Set.of("type", "secret", "header"), type);
        String secret = o.string("secret", true);
        yield new Hmac(secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8), o.string("header", "X-Tributary-Signature"));
      }
    };
  }

  private static void only(Options o, Set<String> allowed, String type) {
    for (String k : Set.of("user", "password", "token", "secret", "header")) {
      if (o.has(k) && !allowed.contains(k)) {
        o.error(k, "not-for-" + type, "Option " + o.field(k) + " does not apply to auth type " + type);
      }
    }
  }
}
