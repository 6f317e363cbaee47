package io.tributary.jdbc;

import java.util.List;

/** The state store's tables, as forward-only migrations shared by both dialects. */
final class StateSchema {
  /** The next position to consume of one partition; written by the processor, read by both sides. */
  static final String SELECT_NEXT_POSITION = "SELECT next_position FROM consumed_positions WHERE log_partition = ?";

  /** Every partition's next position, for progress summed over all partitions. */
  static final String SELECT_NEXT_POSITIONS = "SELECT log_partition, next_position FROM consumed_positions";

  private StateSchema() {}

  static List<String> migrations(Dialect dialect) {
    String bin = dialect.binaryType();
    return List.of(
        "CREATE TABLE consumed_positions ("
            + " log_partition INTEGER PRIMARY KEY,"
            + " next_position BIGINT NOT NULL)",
        "CREATE TABLE processed_messages ("
            + " source_id TEXT NOT NULL,"
            + " message_id TEXT NOT NULL,"
            + " received_at BIGINT NOT NULL,"
            + " PRIMARY KEY (source_id, message_id))",
        "CREATE TABLE identity_links ("
            + " id_type TEXT NOT NULL,"
            + " id_value TEXT NOT NULL,"
            + " profile_id TEXT NOT NULL,"
            + " cause_source TEXT NOT NULL,"
            + " cause_message TEXT NOT NULL,"
            + " cause_partition INTEGER NOT NULL,"
            + " cause_position BIGINT NOT NULL,"
            + " cause_timestamp TEXT NOT NULL,"
            + " PRIMARY KEY (id_type, id_value))",
        "CREATE INDEX identity_links_by_profile ON identity_links (profile_id)",
        "CREATE TABLE profiles ("
            + " profile_id TEXT PRIMARY KEY,"
            + " created_at TEXT NOT NULL,"
            + " first_seen TEXT NOT NULL,"
            + " last_seen TEXT NOT NULL,"
            + " traits TEXT NOT NULL,"
            + " event_counts TEXT NOT NULL,"
            + " merged_from TEXT NOT NULL)",
        "CREATE TABLE profile_merges ("
            + " merged_id TEXT PRIMARY KEY,"
            + " survivor_id TEXT NOT NULL,"
            + " direct_survivor_id TEXT NOT NULL,"
            + " cause_source TEXT NOT NULL,"
            + " cause_message TEXT NOT NULL,"
            + " cause_partition INTEGER NOT NULL,"
            + " cause_position BIGINT NOT NULL,"
            + " cause_timestamp TEXT NOT NULL)",
        "CREATE INDEX profile_merges_by_survivor ON profile_merges (survivor_id)",
        "CREATE TABLE timeline ("
            + " profile_id TEXT NOT NULL,"
            + " ts BIGINT NOT NULL,"
            + " log_partition INTEGER NOT NULL,"
            + " log_position BIGINT NOT NULL,"
            + " event_type TEXT NOT NULL,"
            + " event_name TEXT,"
            + " message_id TEXT NOT NULL,"
            + " source_id TEXT NOT NULL,"
            + " payload " + bin + " NOT NULL,"
            + " PRIMARY KEY (profile_id, ts, log_partition, log_position))",
        // Delivery: the outbox (written with the processing of each event), the dead-letter
        // queue, the destinations defined through the API or the configuration, and the lanes
        // hub instances lease to share the delivery work.
        "CREATE TABLE outbox ("
            + " id " + dialect.increasingKey() + ","
            + " destination TEXT NOT NULL,"
            + " lane INTEGER NOT NULL,"
            + " profile_id TEXT NOT NULL,"
            + " idempotency_key TEXT NOT NULL,"
            + " payload " + bin + " NOT NULL,"
            + " ingested_at BIGINT NOT NULL,"
            + " attempts INTEGER NOT NULL,"
            + " first_failed_at BIGINT,"
            + " next_attempt_at BIGINT,"
            + " last_error TEXT)",
        "CREATE INDEX outbox_by_destination ON outbox (destination, id)",
        "CREATE TABLE dead_letters ("
            + " id " + dialect.increasingKey() + ","
            + " outbox_id BIGINT NOT NULL,"
            + " destination TEXT NOT NULL,"
            + " lane INTEGER NOT NULL,"
            + " profile_id TEXT NOT NULL,"
            + " idempotency_key TEXT NOT NULL,"
            + " payload " + bin + " NOT NULL,"
            + " ingested_at BIGINT NOT NULL,"
            + " attempts INTEGER NOT NULL,"
            + " first_failed_at BIGINT,"
            + " failed_at BIGINT NOT NULL,"
            + " last_error TEXT NOT NULL)",
        "CREATE INDEX dead_letters_by_destination ON dead_letters (destination, id)",
        "CREATE TABLE destinations ("
            + " name TEXT PRIMARY KEY,"
            + " definition TEXT NOT NULL,"
            + " origin TEXT NOT NULL,"
            + " paused INTEGER NOT NULL,"
            + " updated_at BIGINT NOT NULL)",
        "CREATE TABLE delivery_lanes ("
            + " lane INTEGER PRIMARY KEY,"
            + " owner TEXT NOT NULL,"
            + " expires_at BIGINT NOT NULL)",
        "CREATE TABLE delivery_members ("
            + " owner TEXT PRIMARY KEY,"
            + " expires_at BIGINT NOT NULL)",
        // A payload several destinations take unchanged (the default payload) is stored once;
        // their outbox rows point at it and hold an empty payload of their own.
        "CREATE TABLE outbox_payloads ("
            + " id " + dialect.increasingKey() + ","
            + " payload " + bin + " NOT NULL)",
        "ALTER TABLE outbox ADD COLUMN payload_id BIGINT",
        "CREATE INDEX outbox_by_payload ON outbox (payload_id)",
        // The deduplication window forgets the oldest message ids first. SQLite finds them by
        // rowid, the order the one processor recorded them in (the log's), and so keeps every
        // event's write free of a second index; PostgreSQL, written by several processors, needs one.
        dialect == Dialect.POSTGRESQL
            ? "CREATE INDEX processed_messages_by_received_at ON processed_messages (received_at)"
            : "SELECT 1");
  }
}
