package io.tributary.server;

import io.tributary.testkit.KafkaBroker;
import io.tributary.testkit.PostgresServer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The storage modes the hub's integration tests run in. The {@code kafka+postgres} mode uses the
 * JVM's shared real broker and PostgreSQL server, with a fresh topic, database and consumer group
 * per call, so tests never see each other's data.
 */
enum StorageMode {
  EMBEDDED,
  KAFKA_POSTGRES;

  static final int PARTITIONS = 4;

  /** Kafka's clients log every configuration at INFO; held so the level is not lost. */
  private static final java.util.logging.Logger KAFKA_LOGGER = java.util.logging.Logger.getLogger("org.apache.kafka");

  static {
    KAFKA_LOGGER.setLevel(java.util.logging.Level.WARNING);
  }

  private static final AtomicInteger NEXT = new AtomicInteger();

  /** Storage for a new, empty hub cluster; call once per cluster, share it between its instances. */
  Storage newStorage(String testName) {
    return switch (this) {
      case EMBEDDED -> new Storage.Embedded();
      case KAFKA_POSTGRES -> {
        String slug = testName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String name = slug.substring(0, Math.min(slug.length(), 30)) + "_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
        String jdbcUrl = PostgresServer.shared().createDatabase("t_" + name);
        var kafka =
            new Storage.Kafka(
                KafkaBroker.shared().bootstrapServers(), "t-" + name, PARTITIONS, Optional.of((short) 1), "g-" + name, "hub-" + name);
        yield new Storage.KafkaPostgres(kafka, new Storage.Postgres(jdbcUrl, PostgresServer.USER, Optional.empty(), 4));
      }
    };
  }

  /** The same storage for another instance of the cluster: its own Kafka client id. */
  static Storage secondInstance(Storage storage, String clientId) {
    if (storage instanceof Storage.KafkaPostgres kp) {
      var k = kp.kafka();
      return new Storage.KafkaPostgres(
          new Storage.Kafka(k.bootstrapServers(), k.topic(), k.partitions(), k.replicationFactor(), k.groupId(), clientId),
          kp.postgres());
    }
    throw new IllegalArgumentException("Only a kafka+postgres hub can have a second instance");
  }

  /** The {@code TRIBUTARY_*} variables that select this storage for a hub started by the CLI. */
  static Map<String, String> environment(Storage storage) {
    Map<String, String> env = new LinkedHashMap<>();
    if (storage instanceof Storage.KafkaPostgres kp) {
      env.put("TRIBUTARY_STORAGE_MODE", "kafka+postgres");
      env.put("TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", kp.kafka().bootstrapServers());
      env.put("TRIBUTARY_KAFKA_TOPIC", kp.kafka().topic());
      env.put("TRIBUTARY_KAFKA_PARTITIONS", Integer.toString(kp.kafka().partitions()));
      kp.kafka().replicationFactor().ifPresent(rf -> env.put("TRIBUTARY_KAFKA_REPLICATION_FACTOR", rf.toString()));
      env.put("TRIBUTARY_KAFKA_GROUP_ID", kp.kafka().groupId());
      env.put("TRIBUTARY_KAFKA_CLIENT_ID", kp.kafka().clientId());
      env.put("TRIBUTARY_POSTGRES_URL", kp.postgres().jdbcUrl());
      env.put("TRIBUTARY_POSTGRES_USER", kp.postgres().user());
    }
    return env;
  }
}
