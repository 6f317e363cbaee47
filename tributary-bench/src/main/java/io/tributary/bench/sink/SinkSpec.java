package io.tributary.bench.sink;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One webhook receiver: its name (the destination's, in reports), its port and how it behaves.
 *
 * @param port TCP port on the loopback interface, 0 for any free one
 */
public record SinkSpec(String name, int port, Behaviour behaviour) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /** What a receiver does with a webhook request. */
  public enum Behaviour {
    /** Answers 200 at once and records the request: a healthy destination. */
    UP,
    /**
     * Answers 503 (without {@code Retry-After}) and records nothing else: a failing destination.
     */
    ANSWER_503,
    /**
     * Does not listen at all, so connections are refused: a destination that is down. The hub sees
     * connection failures, which its circuit breaker counts like 5xx answers.
     */
    REFUSE;

    /** The name used on the command line and in reports: up, 503 or refuse. */
    public String label() {
      return switch (this) {
        case UP -> "up";
        case ANSWER_503 -> "503";
        case REFUSE -> "refuse";
      };
    }

    /** The behaviour of a {@link #label}. */
    public static Behaviour ofLabel(String label) {
      for (Behaviour b : values()) {
        if (b.label().equals(label.toLowerCase(Locale.ROOT))) {
          return b;
        }
      }
      throw new IllegalArgumentException(
          "Expected a receiver behaviour of up, 503 or refuse, but was '" + label + "'");
    }
  }

  /** Validates the fields. */
  public SinkSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(behaviour, "behaviour");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Expected a receiver name of lower-case letters, digits, '-' or '_', but was '"
              + name
              + "'");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("Expected a port from 0 to 65535, but was " + port);
    }
  }

  /**
   * Reads {@code name=port} or {@code name=port:behaviour} (behaviour up, 503 or refuse; up when
   * left out).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static SinkSpec parse(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException(
          "Expected a receiver as name=port or name=port:behaviour, but was '" + text + "'");
    }
    String rest = text.substring(eq + 1);
    int colon = rest.indexOf(':');
    Behaviour behaviour = colon < 0 ? Behaviour.UP : Behaviour.ofLabel(rest.substring(colon + 1));
    String port = colon < 0 ? rest : rest.substring(0, colon);
    try {
      return new SinkSpec(text.substring(0, eq), Integer.parseInt(port), behaviour);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Expected a port number in '" + text + "', but was '" + port + "'");
    }
  }
}
