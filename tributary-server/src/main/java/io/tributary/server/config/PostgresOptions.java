package io.tributary.server.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The state in PostgreSQL, used when {@link StorageOptions#mode()} is {@link
 * StorageMode#KAFKA_POSTGRES}.
 *
 * @param url see {@link Settings#POSTGRES_URL}; present in that mode
 * @param user see {@link Settings#POSTGRES_USER}
 * @param password see {@link Settings#POSTGRES_PASSWORD}; empty when the database asks for none.
 *     Never shown by {@link #toString()}.
 * @param poolSize see {@link Settings#POSTGRES_POOL_SIZE}
 */
public record PostgresOptions(
    Optional<String> url, String user, Optional<String> password, int poolSize) {

  /** @throws IllegalArgumentException if a value breaks its setting's rule */
  public PostgresOptions {
    Objects.requireNonNull(url, "url");
    url.ifPresent(Settings.POSTGRES_URL::requireValid);
    Settings.POSTGRES_USER.requireValid(user);
    Objects.requireNonNull(password, "password");
    password.ifPresent(Settings.POSTGRES_PASSWORD::requireValid);
    Settings.POSTGRES_POOL_SIZE.requireValid(poolSize);
  }

  @Override
  public String toString() {
    // The password is a credential, and the URL may hold one too: keep them out of logs.
    return "PostgresOptions[url=" + url.map(Shown::url).orElse("<none>") + ", user=" + user
        + ", password=" + (password.isPresent() ? "<redacted>" : "<none>") + ", poolSize="
        + poolSize + "]";
  }
}
