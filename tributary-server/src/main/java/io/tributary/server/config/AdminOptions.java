package io.tributary.server.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Access to the admin API and console.
 *
 * @param token see {@link Settings#ADMIN_TOKEN}; empty when the server is to generate one and keep
 *     it in the data directory. Never shown by {@link #toString()}.
 */
public record AdminOptions(Optional<String> token) {

  /** @throws IllegalArgumentException if a token is given and is too short or has whitespace */
  public AdminOptions {
    Objects.requireNonNull(token, "token");
    token.ifPresent(Settings.ADMIN_TOKEN::requireValid);
  }

  @Override
  public String toString() {
    // The token is a credential: keep it out of logs.
    return "AdminOptions[token=" + (token.isPresent() ? "<redacted>" : "<generated>") + "]";
  }
}
