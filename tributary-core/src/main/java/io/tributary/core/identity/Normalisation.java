package io.tributary.core.identity;

/** How raw values of an identifier type are normalised before they are compared. */
public enum Normalisation {
  /** Trimmed, otherwise as given. */
  NONE,
  /** Trimmed and lower-cased; values without a single {@code @} are dropped. */
  EMAIL,
  /** Parsed with libphonenumber and formatted as E.164; unparseable values are dropped. */
  PHONE
}
