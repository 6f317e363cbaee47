package io.tributary.connectors.camel;

import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.SendResult;
import io.tributary.core.delivery.Transport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

/**
 * Sends each payload, in order, to one Camel endpoint as a message of its own: the payload as a
 * UTF-8 string body, the static headers, then {@value #IDEMPOTENCY_KEY}, {@value #PROFILE_ID},
 * {@value #DESTINATION} and, unless a static header names the file, {@code CamelFileName} {@code
 * <idempotency key>.json}. The first failure ends the send; the messages before it were delivered
 * and are sent again with the rest.
 */
final class CamelTransport implements Transport {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String PROFILE_ID = "TributaryProfileId";
  static final String DESTINATION = "TributaryDestination";

  private final Endpoint endpoint;
  private final ProducerTemplate template;
  private final Map<String, Object> headers;
  private final boolean namesFile;
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  CamelTransport(Endpoint endpoint, ProducerTemplate template, Map<String, Object> headers, Runnable onClose) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.template = Objects.requireNonNull(template, "template");
    this.headers = Map.copyOf(headers);
    this.namesFile = headers.keySet().stream().anyMatch(Exchange.FILE_NAME::equalsIgnoreCase);
    this.onClose = Objects.requireNonNull(onClose, "onClose");
  }

  @Override
  public SendResult send(List<OutboundMessage> messages) {
    for (OutboundMessage m : messages) {
      Throwable failure;
      try {
        failure = template.send(endpoint, ExchangePattern.InOnly, exchange -> prepare(exchange, m)).getException();
      } catch (RuntimeException e) {
        failure = e; // the template itself refused, e.g. once the context stopped
      }
      if (failure != null) {
        return CamelFailures.of(failure, m);
      }
    }
    return SendResult.DELIVERED;
  }

  private void prepare(Exchange exchange, OutboundMessage m) {
    exchange.setProperty(ExchangePropertyKey.CHARSET_NAME, StandardCharsets.UTF_8.name());
    Message message = exchange.getMessage();
    message.setBody(new String(m.payload(), StandardCharsets.UTF_8));
    headers.forEach(message::setHeader);
    message.setHeader(IDEMPOTENCY_KEY, m.idempotencyKey());
    message.setHeader(PROFILE_ID, m.profileId());
    message.setHeader(DESTINATION, m.destination());
    if (!namesFile) {
      message.setHeader(Exchange.FILE_NAME, m.idempotencyKey() + ".json");
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        template.stop();
      } finally {
        onClose.run();
      }
    }
  }
}
