package io.tributary.core.delivery;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a destination receives, in which shape, over which transport and how persistently: the
 * definition as a user writes it (configuration file or admin API), before it is compiled.
 *
 * @param name unique, lower case letters, digits, '-' and '_', at most 64 characters
 * @param events which event types and names are considered at all (cheap, checked first)
 * @param filter a CEL expression over {@code event} and {@code profile} that must be true for the
 *     event to be delivered; null delivers every selected event
 * @param mapping a JSONata expression over {@code {event, profile}} giving the payload; null sends
 *     the Segment-spec event with a {@code profile} snapshot added
 * @param transport how payloads leave the hub
 * @param delivery real time, or in batches per time window and size
 * @param retry how failed deliveries are retried before they go to the dead-letter queue
 * @param rateLimit at most this many sends per second; 0 for no limit
 * @param maxInFlight at most this many sends at once (a profile is never in two at once)
 * @param consentCategory the consent category the payload falls under (e.g. {@code marketing});
 *     null when the destination needs no consent
 */
public record DestinationDefinition(
    String name,
    EventSelector events,
    String filter,
    String mapping,
    TransportSpec transport,
    DeliveryMode delivery,
    RetryPolicy retry,
    double rateLimit,
    int maxInFlight,
    String consentCategory) {

  /** The rule destination names follow. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  public DestinationDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(retry, "retry");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Expected a destination name matching " + NAME + ", but got '" + name + "'");
    }
    if (rateLimit < 0 || maxInFlight < 1) {
      throw new IllegalArgumentException("Expected rateLimit >= 0 and maxInFlight >= 1");
    }
  }
}
