package io.tributary.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Checks the admin bearer token; write keys never pass. */
final class AdminAuth {
  private final byte[] token;

  AdminAuth(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  /** True if the request carries the admin token; otherwise answers 401 and returns false. */
  boolean check(ServerRequest req, ServerResponse res) {
    Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
    if (header.isPresent() && header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
      byte[] given = header.get().substring(7).trim().getBytes(StandardCharsets.UTF_8);
      if (MessageDigest.isEqual(given, token)) {
        return true;
      }
    }
    res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"tributary-admin\"");
    Json.sendError(res, Status.UNAUTHORIZED_401, "unauthorized", "Expected the admin token as 'Authorization: Bearer <token>'");
    return false;
  }
}
