package io.tributary.core.event;

import java.time.InstantSource;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Generates {@code messageId}s for messages that came without one: version 7 UUIDs (RFC 9562),
 * whose first 48 bits are the injected clock's Unix time in milliseconds, so generated ids sort
 * roughly by arrival and say when they were made.
 *
 * <p>Written by hand because the JDK only makes version 4 UUIDs and the dozen lines do not justify
 * a dependency. The 74 random bits come from {@link ThreadLocalRandom}: the ids need to be unique,
 * not secret (a sender that could guess them holds the source's write key and could send anything
 * anyway), and a shared {@code SecureRandom} would be a point of contention on the ingest path.
 * Thread-safe.
 */
final class MessageIds implements Supplier<String> {

  private static final long UNIX_MILLIS_MASK = 0xFFFF_FFFF_FFFFL;

  private final InstantSource clock;

  MessageIds(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String get() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long mostSignificant =
        ((clock.millis() & UNIX_MILLIS_MASK) << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long leastSignificant = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(mostSignificant, leastSignificant).toString();
  }
}
