package io.tributary.server;

import java.util.Objects;
import java.util.Optional;

/** Where the hub keeps its event log and its state. */
public sealed interface Storage {

  /** The default: an SQLite log and an SQLite state store in the data directory, one process. */
  record Embedded() implements Storage {}

  /**
   * Scale-out: the log is a Kafka topic that every instance produces to and consumes as one
   * consumer group; the state is in one PostgreSQL database shared by all instances.
   */
  record KafkaPostgres(Kafka kafka, Postgres postgres) implements Storage {
    public KafkaPostgres {
      Objects.requireNonNull(kafka, "kafka");
      Objects.requireNonNull(postgres, "postgres");
    }
  }

  /**
   * The Kafka side of {@link KafkaPostgres}.
   *
   * @param bootstrapServers {@code host:port[,host:port...]}
   * @param topic the event log's topic; created at start when missing
   * @param partitions partitions of the topic when the hub creates it (an existing topic keeps its
   *     own); the most instances that can process in parallel
   * @param replicationFactor replicas of the topic when the hub creates it; empty for the broker's
   *     default
   * @param groupId the consumer group all instances share
   * @param clientId this instance's name towards Kafka and its static member id in the group:
   *     distinct per instance, stable across its restarts
   */
  record Kafka(
      String bootstrapServers,
      String topic,
      int partitions,
      Optional<Short> replicationFactor,
      String groupId,
      String clientId) {
    public Kafka {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(replicationFactor, "replicationFactor");
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(clientId, "clientId");
      if (partitions < 1) {
        throw new IllegalArgumentException("Expected partitions >= 1, but was " + partitions);
      }
    }
  }

  /**
   * The PostgreSQL side of {@link KafkaPostgres}.
   *
   * @param jdbcUrl e.g. {@code jdbc:postgresql://db:5432/tributary}
   * @param user the database user
   * @param password the user's password; never shown by {@link #toString()}
   * @param poolSize connections for the profile API's reads (the processor has one more of its own)
   */
  record Postgres(String jdbcUrl, String user, Optional<String> password, int poolSize) {
    public Postgres {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      if (poolSize < 1) {
        throw new IllegalArgumentException("Expected poolSize >= 1, but was " + poolSize);
      }
    }

    @Override
    public String toString() {
      return "Postgres[jdbcUrl=" + io.tributary.server.config.Shown.url(jdbcUrl) + ", user=" + user + ", password=" + (password.isPresent() ? "<redacted>" : "<none>")
          + ", poolSize=" + poolSize + "]";
    }
  }
}
