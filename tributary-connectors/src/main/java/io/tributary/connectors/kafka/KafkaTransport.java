package io.tributary.connectors.kafka;

import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.SendResult;
import io.tributary.core.delivery.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends each message as one record of a topic, keyed by its profile id, through one producer that
 * all threads share (Kafka's producer is thread-safe).
 */
final class KafkaTransport implements Transport {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String DESTINATION = "Tributary-Destination";
  static final String INGESTED_AT = "Tributary-Ingested-At";
  private static final int MAX_BATCH = 100;
  /** Beyond the producer's own delivery timeout, which should have answered first. */
  private static final Duration ACK_GRACE = Duration.ofSeconds(5);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final Duration ackTimeout;

  /**
   * @param deliveryTimeout the producer's {@code delivery.timeout.ms}: it completes every send
   *     within that time after accepting the record
   */
  KafkaTransport(Producer<byte[], byte[]> producer, String topic, Duration deliveryTimeout) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.ackTimeout = deliveryTimeout.plus(ACK_GRACE);
  }

  /**
   * Hands every record to the producer, then waits until all are acknowledged; the first failure
   * fails the whole list, which is sent again later (consumers drop repeats by {@value
   * #IDEMPOTENCY_KEY}).
   */
  @Override
  public SendResult send(List<OutboundMessage> messages) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(messages.size());
    try {
      for (OutboundMessage m : messages) {
        acks.add(producer.send(record(m)));
      }
      long deadline = System.nanoTime() + ackTimeout.toNanos();
      for (Future<RecordMetadata> ack : acks) {
        ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      return SendResult.DELIVERED;
    } catch (ExecutionException e) {
      return KafkaFailures.of(e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException e) {
      return SendResult.retry("kafka: no acknowledgement from topic " + topic + " within " + ackTimeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SendResult.retry("kafka: interrupted while waiting for acknowledgements from topic " + topic);
    } catch (RuntimeException e) {
      return KafkaFailures.of(e);
    }
  }

  @Override
  public int maxBatch() {
    return MAX_BATCH;
  }

  /** Waits up to 10 seconds for records in flight, then closes the producer. */
  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }

  private ProducerRecord<byte[], byte[]> record(OutboundMessage m) {
    var headers = new RecordHeaders();
    headers.add(IDEMPOTENCY_KEY, m.idempotencyKey().getBytes(StandardCharsets.UTF_8));
    headers.add(DESTINATION, m.destination().getBytes(StandardCharsets.UTF_8));
    headers.add(INGESTED_AT, m.ingestedAt().toString().getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(topic, null, m.profileId().getBytes(StandardCharsets.UTF_8), m.payload(), headers);
  }
}
