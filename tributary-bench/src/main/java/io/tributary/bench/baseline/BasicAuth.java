package io.tributary.bench.baseline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks Segment-style HTTP Basic auth: the write key is the user name, the password is empty (and,
 * as Segment does, ignored).
 */
final class BasicAuth {

  private static final String SCHEME = "basic ";

  private final byte[] writeKey;

  BasicAuth(String writeKey) {
    this.writeKey = Objects.requireNonNull(writeKey, "writeKey").getBytes(StandardCharsets.UTF_8);
  }

  /** True when the {@code Authorization} header names this write key. */
  boolean accepts(Optional<String> authorization) {
    if (authorization.isEmpty()) {
      return false;
    }
    String header = authorization.get().trim();
    if (header.length() <= SCHEME.length()
        || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return false;
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(header.substring(SCHEME.length()).trim());
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    String credentials = new String(decoded, StandardCharsets.UTF_8);
    int colon = credentials.indexOf(':');
    String user = colon < 0 ? credentials : credentials.substring(0, colon);
    // Constant-time comparison: the answer time must not reveal how much of a key was right.
    return MessageDigest.isEqual(writeKey, user.getBytes(StandardCharsets.UTF_8));
  }
}
