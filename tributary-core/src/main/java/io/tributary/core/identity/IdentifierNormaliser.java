package io.tributary.core.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Turns raw identifier values into the normalised form the identity graph compares, or drops them.
 *
 * <p>A value is dropped (empty result) when its type is not configured, when it is empty after
 * trimming, when its {@link Normalisation} rejects it, when the normalised value is longer than
 * {@value #MAX_LENGTH} characters, or when it equals one of the type's blocked values ignoring
 * case. Use the same normaliser to look identifiers up (e.g. in the profile API) as to link them.
 *
 * <p>Thread-safe.
 */
public final class IdentifierNormaliser {

  /** The longest normalised value that is kept. */
  public static final int MAX_LENGTH = 512;

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  /**
   * Raw phone texts remembered with their E.164 form (or none), because libphonenumber's parse
   * and validation were about 7 % of the processor's time and a tenth of its allocations, and the
   * same people send the same numbers again and again.
   */
  static final int CACHED_PHONES = 10_000;

  private final Map<String, Optional<String>> phones = new ConcurrentHashMap<>();

  private final IdentityRules rules;
  private final Map<String, Set<String>> blockedByType = new HashMap<>();

  public IdentifierNormaliser(IdentityRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
    for (IdentifierTypeSpec type : rules.types()) {
      blockedByType.put(
          type.name(),
          type.blockedValues().stream()
              .map(IdentifierNormaliser::fold)
              .collect(Collectors.toSet()));
    }
  }

  /**
   * Normalises a raw value of the named type.
   *
   * @return the identifier, or empty if the value is dropped (see the class comment)
   */
  public Optional<Identifier> normalise(String typeName, String raw) {
    Objects.requireNonNull(typeName, "typeName");
    Objects.requireNonNull(raw, "raw");
    Optional<IdentifierTypeSpec> type = rules.type(typeName);
    if (type.isEmpty()) {
      return Optional.empty();
    }
    String trimmed = raw.strip();
    if (trimmed.isEmpty() || trimmed.indexOf('\u0000') >= 0) {
      return Optional.empty(); // a NUL character identifies no one (and no database text column holds it)
    }
    return normalised(type.get().normalisation(), trimmed)
        .filter(value -> value.length() <= MAX_LENGTH)
        .filter(value -> !blockedByType.get(typeName).contains(fold(value)))
        .map(value -> new Identifier(typeName, value));
  }

  private Optional<String> normalised(Normalisation normalisation, String trimmed) {
    return switch (normalisation) {
      case NONE -> Optional.of(trimmed);
      case EMAIL -> email(trimmed);
      case PHONE -> phone(trimmed);
    };
  }

  private static Optional<String> email(String trimmed) {
    int at = trimmed.indexOf('@');
    boolean single = at >= 0 && at == trimmed.lastIndexOf('@');
    if (!single || at == 0 || at == trimmed.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(trimmed.toLowerCase(Locale.ROOT));
  }

  private Optional<String> phone(String trimmed) {
    if (trimmed.length() > MAX_LENGTH) {
      return Optional.empty(); // not worth parsing; it would be dropped anyway
    }
    Optional<String> known = phones.get(trimmed);
    if (known != null) {
      return known;
    }
    if (phones.size() >= CACHED_PHONES) {
      phones.clear(); // crude but bounded; the same people's numbers come back soon
    }
    Optional<String> parsed = parsePhone(trimmed);
    phones.put(trimmed, parsed);
    return parsed;
  }

  private Optional<String> parsePhone(String trimmed) {
    try {
      PhoneNumber number = PHONES.parse(trimmed, rules.defaultPhoneRegion());
      if (!PHONES.isValidNumber(number)) {
        return Optional.empty();
      }
      return Optional.of(PHONES.format(number, PhoneNumberFormat.E164));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  private static String fold(String value) {
    return value.toLowerCase(Locale.ROOT);
  }
}
