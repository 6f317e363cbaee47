package io.tributary.connectors.camel;

import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.SendResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.NoSuchEndpointException;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.ResolveEndpointFailedException;

/** Decides in one place whether a failed send to a Camel endpoint is retried, and says why. */
final class CamelFailures {
  /** Sending the same message to the same URI again would fail the same way. */
  private static final List<Class<? extends Exception>> PERMANENT =
      List.of(NoSuchEndpointException.class, ResolveEndpointFailedException.class, NoTypeConversionAvailableException.class, InvalidPayloadException.class);

  private static final int MAX_CAUSES = 5;
  private static final int MAX_RESPONSE = 1000;

  private CamelFailures() {}

  /**
   * What a failed send of {@code message} comes to: retryable unless the exception or one of its
   * causes is a permanent one. The response names each exception and never holds the payload.
   */
  static SendResult of(Throwable failure, OutboundMessage message) {
    boolean permanent = false;
    StringBuilder text = new StringBuilder("Message ").append(message.id()).append(" was not sent: ");
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
      Throwable current = t;
      permanent |= PERMANENT.stream().anyMatch(c -> c.isInstance(current));
      String said = t.getMessage() == null ? null : redact(t.getMessage(), message).replaceAll("\\s+", " ").strip();
      if (depth > 0 && said != null && text.indexOf(said) >= 0) {
        continue; // Camel's messages often quote their cause's already
      }
      text.append(depth == 0 ? "" : "; caused by ").append(t.getClass().getName());
      if (said != null) {
        text.append(": ").append(said);
      }
    }
    String response = text.length() > MAX_RESPONSE ? text.substring(0, MAX_RESPONSE) + "…" : text.toString();
    return permanent
        ? SendResult.reject(response + ". The messages go to the dead-letter queue.")
        : SendResult.retry(response + ". The messages will be sent again.");
  }

  /** Exception messages may quote the body they could not send (type conversions do). */
  private static String redact(String text, OutboundMessage message) {
    String payload = new String(message.payload(), StandardCharsets.UTF_8).strip();
    // A payload as short as {} or 1 says nothing, and would garble the text it matched in.
    return payload.length() < 4 ? text : text.replace(payload, "<payload>");
  }
}
