package io.tributary.core.testing;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Checks properties over {@link Gen generated} values, from plain JUnit tests: in a test method,
 *
 * <pre>{@code
 * void shouldDecodeExactlyWhatItEncoded() {
 *   Generated.forAll(500, EventGenerators.events(), event ->
 *       assertThat(EventCodec.decode(EventCodec.encode(event))).isEqualTo(event));
 * }
 * }</pre>
 *
 * <h2>Seeds</h2>
 *
 * Every test method has its own fixed seed, derived from its class and method name, so a build
 * checks the same values every time. The system property {@value #SEED_PROPERTY} replaces it (for
 * every property the run checks), to explore other values or to reproduce a failure. Each try draws
 * from its own random source, split off in turn from one seeded with the test's seed: the values of
 * try {@code n} depend on the seed and {@code n} only.
 *
 * <h2>Failures</h2>
 *
 * The first try whose check throws (an assertion or any other exception) ends the property with an
 * {@link AssertionError} that names the try, the seed and how to rerun it, shows the sample and has
 * the original failure as its cause:
 *
 * <pre>
 * property failed at try 17 of 500 with seed 123456789; rerun with
 * -Dtributary.test.seed=123456789 -Dtest=EventCodecPropertyTest#shouldDecodeExactlyWhatItEncoded
 * </pre>
 *
 * There is no shrinking: the sample is shown as generated.
 */
public final class Generated {

  /** The system property that replaces each test's own seed. */
  public static final String SEED_PROPERTY = "tributary.test.seed";

  /** A sample is shown up to this many chars in a failure message. */
  private static final int MAX_SAMPLE_CHARS = 2_000;

  /** The message of the failure's cause is shown up to this many chars; its trace has it all. */
  private static final int MAX_CAUSE_CHARS = 500;

  private Generated() {}

  /** A check of one generated value. */
  @FunctionalInterface
  public interface Property<T> {
    void check(T value) throws Exception;
  }

  /** A check of two generated values. */
  @FunctionalInterface
  public interface Property2<A, B> {
    void check(A first, B second) throws Exception;
  }

  /**
   * Checks {@code property} on {@code tries} values of {@code generator}; fails on the first that
   * does not hold. Call it from the test method itself: the method's name gives the seed.
   */
  public static <T> void forAll(int tries, Gen<T> generator, Property<? super T> property) {
    Objects.requireNonNull(generator, "generator");
    Objects.requireNonNull(property, "property");
    run(tries, generator, property::check, String::valueOf);
  }

  /**
   * Checks {@code property} on {@code tries} pairs of values, the first of {@code first}, the
   * second of {@code second}; fails on the first pair for which it does not hold. Call it from the
   * test method itself: the method's name gives the seed.
   */
  public static <A, B> void forAll(
      int tries, Gen<A> first, Gen<B> second, Property2<? super A, ? super B> property) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    Objects.requireNonNull(property, "property");
    run(
        tries,
        random -> new Pair<>(first.next(random), second.next(random)),
        pair -> property.check(pair.first(), pair.second()),
        pair -> "(" + pair.first() + ", " + pair.second() + ")");
  }

  private record Pair<A, B>(A first, B second) {}

  private interface Describer<T> {
    String describe(T sample);
  }

  private static <T> void run(
      int tries, Gen<T> generator, Property<T> property, Describer<T> describer) {
    if (tries <= 0) {
      throw new IllegalArgumentException("Expected a positive number of tries, but it is " + tries);
    }
    String test = callingTest();
    long seed = seedOf(test);
    SplittableRandom tryRandoms = new SplittableRandom(seed);
    for (int attempt = 1; attempt <= tries; attempt++) {
      SplittableRandom random = tryRandoms.split();
      T sample;
      try {
        sample = generator.next(random);
      } catch (RuntimeException | AssertionError e) {
        throw failure("generating a sample failed", attempt, tries, seed, test, null, e);
      }
      try {
        property.check(sample);
      } catch (Exception | AssertionError | StackOverflowError e) {
        throw failure(
            "property failed", attempt, tries, seed, test, describe(describer, sample), e);
      }
    }
  }

  /** The test's seed: the system property's if set, else one derived from the test's name. */
  static long seedOf(String test) {
    String override = System.getProperty(SEED_PROPERTY);
    if (override != null && !override.isBlank()) {
      try {
        return Long.parseLong(override.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Expected " + SEED_PROPERTY + " to be a long, but it is " + override, e);
      }
    }
    return new SplittableRandom(test.hashCode()).nextLong();
  }

  /**
   * {@code SimpleClassName#method} of the first caller outside this class: the test method, or the
   * method whose lambda called.
   */
  private static String callingTest() {
    return StackWalker.getInstance()
        .walk(
            frames ->
                frames
                    .filter(frame -> !frame.getClassName().equals(Generated.class.getName()))
                    .findFirst())
        .map(
            frame -> {
              String className = frame.getClassName();
              String method = frame.getMethodName();
              // A lambda in the test method: lambda$shouldHold$0
              if (method.startsWith("lambda$") && method.indexOf('$', 7) > 7) {
                method = method.substring(7, method.indexOf('$', 7));
              }
              return className.substring(className.lastIndexOf('.') + 1) + "#" + method;
            })
        .orElseThrow();
  }

  private static <T> String describe(Describer<T> describer, T sample) {
    String text;
    try {
      text = describer.describe(sample);
    } catch (RuntimeException e) {
      return "(cannot be shown: " + e + ")";
    }
    return shown(text, MAX_SAMPLE_CHARS, false);
  }

  /**
   * {@code text} cut to {@code maxChars}, every char but printable ASCII (and line breaks, if kept)
   * as a Java unicode escape: generated text is full of control characters and other invisible or
   * unprintable ones that would garble the report.
   */
  private static String shown(String text, int maxChars, boolean keepLineBreaks) {
    StringBuilder shown = new StringBuilder();
    int end = Math.min(text.length(), maxChars);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7F || keepLineBreaks && c == '\n') {
        shown.append(c);
      } else {
        shown.append(String.format("\\u%04X", (int) c));
      }
    }
    if (end < text.length()) {
      shown.append("... (").append(text.length()).append(" chars)");
    }
    return shown.toString();
  }

  private static AssertionError failure(
      String what, int attempt, int tries, long seed, String test, String sample, Throwable cause) {
    String message =
        what
            + " at try "
            + attempt
            + " of "
            + tries
            + " with seed "
            + seed
            + "; rerun with -D"
            + SEED_PROPERTY
            + "="
            + seed
            + " -Dtest="
            + test
            + (sample == null ? "" : "\nsample: " + sample)
            + "\ncause: "
            + shown(String.valueOf(cause), MAX_CAUSE_CHARS, true);
    return new AssertionError(message, cause);
  }
}
