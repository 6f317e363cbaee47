package io.tributary.connectors.kafka;

import io.tributary.core.delivery.SendResult;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * What a failed send means, decided here once. A refusal that the same records will meet again
 * does not retry: a record larger than the producer or the topic allows, and the errors Kafka
 * files under {@link InvalidConfigurationException} (authorization and authentication refused, an
 * invalid topic, a broker too old for the request). Anything else, timeouts and lost connections
 * first, is retried later.
 */
final class KafkaFailures {
  private KafkaFailures() {}

  static SendResult of(Throwable failure) {
    String response = "kafka: " + failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    if (failure instanceof RecordTooLargeException || failure instanceof InvalidConfigurationException) {
      return SendResult.reject(response);
    }
    return SendResult.retry(response);
  }
}
