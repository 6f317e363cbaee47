package io.tributary.server.config;

/** Where the hub keeps its event log and its state; see {@link Settings#STORAGE_MODE}. */
public enum StorageMode {
  /** An SQLite log and an SQLite state store in {@code data.dir}: one instance. */
  EMBEDDED("embedded"),
  /** The log on a Kafka topic, the state in PostgreSQL: several instances. */
  KAFKA_POSTGRES("kafka+postgres");

  private final String spelling;

  StorageMode(String spelling) {
    this.spelling = spelling;
  }

  /** How the mode is written in the file and the environment, e.g. {@code kafka+postgres}. */
  public String spelling() {
    return spelling;
  }
}
