package io.tributary.server.http;

import io.tributary.server.HubSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the source a write key belongs to. Keys are held only as SHA-256 digests, and looked up by
 * digest, so the comparison takes the same time whatever the key.
 */
public final class Sources {
  private final Map<String, String> sourceByKeyDigest = new HashMap<>();

  public Sources(List<HubSettings.Source> sources) {
    for (HubSettings.Source s : sources) {
      sourceByKeyDigest.put(digest(s.writeKey()), s.id());
    }
  }

  /** The source id of a write key. */
  public Optional<String> sourceOf(String writeKey) {
    if (writeKey == null || writeKey.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(sourceByKeyDigest.get(digest(writeKey)));
  }

  /** The write key in an {@code Authorization: Basic} header (the user name; password ignored). */
  static Optional<String> basicUser(Optional<String> authorization) {
    if (authorization.isEmpty() || !authorization.get().regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    try {
      String decoded =
          new String(Base64.getDecoder().decode(authorization.get().substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return Optional.of(colon < 0 ? decoded : decoded.substring(0, colon));
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
  }

  private static String digest(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
