package io.tributary.connectors.kafka;

import io.tributary.connectors.OptionReader;
import io.tributary.core.event.FieldError;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The options of a Kafka destination, as its definition's {@code transport} block gives them.
 *
 * @param bootstrapServers {@code host:port} pairs separated by commas
 * @param topic the topic every message goes to; a legal Kafka topic name
 * @param acks {@code all} (the default: the producer is then idempotent), {@code -1} (the same),
 *     {@code 1} or {@code 0}
 * @param clientId the producer's {@code client.id}; null for {@code tributary-<destination>}
 * @param properties further producer properties by their Kafka names, overriding the transport's
 *     defaults; none of those that the options above set
 */
record KafkaTransportOptions(
    String bootstrapServers, String topic, String acks, String clientId, Map<String, String> properties) {
  static final String BOOTSTRAP_SERVERS = "bootstrap-servers";
  static final String TOPIC = "topic";
  static final String ACKS = "acks";
  static final String CLIENT_ID = "client-id";
  static final String PROPERTIES = "properties";
  private static final Set<String> NAMES = Set.of(BOOTSTRAP_SERVERS, TOPIC, ACKS, CLIENT_ID, PROPERTIES);
  private static final List<String> ACKS_VALUES = List.of("all", "-1", "1", "0");
  private static final Pattern HOST_PORTS = Pattern.compile("[^\\s,]+:\\d{1,5}(\\s*,\\s*[^\\s,]+:\\d{1,5})*");
  private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  /** Producer properties that options set, or that would break the transport's guarantees. */
  private static final Map<String, String> RESERVED =
      Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "set transport.bootstrap-servers instead",
          ProducerConfig.ACKS_CONFIG, "set transport.acks instead",
          ProducerConfig.CLIENT_ID_CONFIG, "set transport.client-id instead",
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "the producer is idempotent exactly when acks is all",
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "keys are the profile ids' bytes",
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "values are the payloads' bytes",
          ProducerConfig.TRANSACTIONAL_ID_CONFIG, "the transport does not use transactions");

  /**
   * Defaults that keep a send bounded: it waits at most {@code max.block.ms} for the topic's
   * metadata or buffer space, then at most {@code delivery.timeout.ms} for acknowledgements.
   */
  private static final Map<String, Object> DEFAULTS =
      Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000, ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);

  KafkaTransportOptions {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(acks, "acks");
    properties = Map.copyOf(properties);
  }

  /** One error per unknown, missing or invalid option; empty when they are valid. */
  static List<FieldError> check(Map<String, Object> options) {
    return OptionReader.check("kafka", NAMES, options, KafkaTransportOptions::read);
  }

  /** @throws IllegalArgumentException naming each problem, if {@link #check} finds any */
  static KafkaTransportOptions of(Map<String, Object> options) {
    return OptionReader.read("kafka", NAMES, options, KafkaTransportOptions::read);
  }

  private static KafkaTransportOptions read(OptionReader options) {
    String servers = options.string(BOOTSTRAP_SERVERS, true);
    if (servers != null && !HOST_PORTS.matcher(servers.strip()).matches()) {
      options.error(BOOTSTRAP_SERVERS, "format:host-port",
          "Expected transport.bootstrap-servers to be host:port pairs separated by commas, like broker-1:9092,broker-2:9092");
    }
    String topic = options.string(TOPIC, true);
    if (topic != null && (!TOPIC_NAME.matcher(topic).matches() || topic.equals(".") || topic.equals(".."))) {
      options.error(TOPIC, "format:topic",
          "Expected transport.topic to be a Kafka topic name: 1 to 249 letters, digits, '.', '_' or '-', but got '" + topic + "'");
    }
    String acks = acks(options);
    String clientId = options.string(CLIENT_ID, false);
    Map<String, String> properties = properties(options);
    if (options.hasErrors()) {
      return null;
    }
    KafkaTransportOptions read = new KafkaTransportOptions(servers.strip(), topic, acks, clientId, properties);
    read.checkProducerConfig(options);
    return options.hasErrors() ? null : read;
  }

  /** The producer's configuration for a destination. */
  Map<String, Object> producerConfig(String destination) {
    Map<String, Object> config = new HashMap<>(DEFAULTS);
    config.putAll(properties);
    long deliveryTimeout = deliveryTimeoutMillis(config);
    // The producer refuses a delivery timeout below linger.ms + request.timeout.ms (30 s by default).
    config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, deliveryTimeout / 2));
    boolean idempotent = acks.equals("all") || acks.equals("-1");
    if (!idempotent) {
      // Without idempotence, only one request in flight keeps a retried batch from overtaking the next.
      config.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    }
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, acks);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId == null ? "tributary-" + destination : clientId);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return config;
  }

  /** The {@code delivery.timeout.ms} of a producer configuration that {@link #check} accepted. */
  static long deliveryTimeoutMillis(Map<String, Object> config) {
    return Long.parseLong(config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG).toString().strip());
  }

  /** Checks the properties as the producer will, without creating one. */
  private void checkProducerConfig(OptionReader options) {
    Map<String, Object> parsed;
    try {
      parsed = ProducerConfig.configDef().parse(producerConfig("check"));
    } catch (ConfigException e) {
      options.error(PROPERTIES, "kafka-config", "Expected producer properties that Kafka accepts, but: " + e.getMessage());
      return;
    }
    long delivery = ((Number) parsed.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).longValue();
    long linger = ((Number) parsed.get(ProducerConfig.LINGER_MS_CONFIG)).longValue();
    long request = ((Number) parsed.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)).longValue();
    if (delivery < linger + request) {
      options.error(PROPERTIES, "kafka-config",
          "Expected delivery.timeout.ms (" + delivery + ") to be at least linger.ms (" + linger
              + ") plus request.timeout.ms (" + request + ")");
    }
  }

  private static String acks(OptionReader options) {
    Object value = options.get(ACKS);
    if (value == null) {
      return "all";
    }
    String acks = value instanceof Number n && n.doubleValue() == n.intValue() ? Integer.toString(n.intValue()) : value.toString();
    if ((value instanceof String || value instanceof Number) && ACKS_VALUES.contains(acks)) {
      return acks;
    }
    options.error(ACKS, "one-of", "Expected transport.acks to be one of all, 1 or 0, but got '" + value + "'");
    return null;
  }

  private static Map<String, String> properties(OptionReader options) {
    Object value = options.get(PROPERTIES);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      options.error(PROPERTIES, "type:object",
          "Expected transport.properties to be an object of Kafka producer properties, but got " + OptionReader.jsonType(value));
      return Map.of();
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (var e : new TreeMap<>(map).entrySet()) {
      String name = e.getKey().toString();
      String path = PROPERTIES + "." + name;
      if (RESERVED.containsKey(name)) {
        options.error(path, "reserved", "Expected transport.properties not to set " + name + ": " + RESERVED.get(name));
      } else if (!ProducerConfig.configNames().contains(name)) {
        options.error(path, "unknown-option",
            "Expected a Kafka producer property, but '" + name + "' is none (see Kafka's producer configuration reference)");
      } else if (e.getValue() instanceof String || e.getValue() instanceof Number || e.getValue() instanceof Boolean) {
        properties.put(name, e.getValue() instanceof Number n && n.doubleValue() == n.longValue()
            ? Long.toString(n.longValue())
            : e.getValue().toString());
      } else {
        options.error(path, "type:string",
            "Expected the producer property " + name + " to be a string, but got " + OptionReader.jsonType(e.getValue()));
      }
    }
    return properties;
  }

  /** Without the properties' values, which may hold credentials. */
  @Override
  public String toString() {
    return "KafkaTransportOptions[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", acks=" + acks
        + ", clientId=" + clientId + ", properties=" + properties.keySet() + "]";
  }
}
