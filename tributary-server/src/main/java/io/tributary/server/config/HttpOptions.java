package io.tributary.server.config;

/**
 * Where the HTTP API listens.
 *
 * @param host see {@link Settings#HTTP_HOST}
 * @param port see {@link Settings#HTTP_PORT}; {@code 0} picks a free port
 */
public record HttpOptions(String host, int port) {

  /** @throws IllegalArgumentException if a value breaks its setting's rule */
  public HttpOptions {
    Settings.HTTP_HOST.requireValid(host);
    Settings.HTTP_PORT.requireValid(port);
  }
}
