package io.tributary.connectors.file;

/** A payload the file's format cannot hold; its message names the message, not the data. */
final class UnwritablePayloadException extends Exception {
  UnwritablePayloadException(String message) {
    super(message);
  }
}
