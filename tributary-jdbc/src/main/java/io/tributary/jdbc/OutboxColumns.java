package io.tributary.jdbc;

import io.tributary.core.delivery.DeadLetter;
import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.OutboxEntry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** The outbox and dead-letter tables' statements and their row mapping. */
final class OutboxColumns {
  static final String INSERT_OUTBOX =
      "INSERT INTO outbox (destination, lane, profile_id, idempotency_key, payload, ingested_at, attempts, payload_id)"
          + " VALUES (?, ?, ?, ?, ?, ?, 0, ?)";

  /** Stores a payload shared by several outbox rows; answers its id. */
  static final String INSERT_SHARED_PAYLOAD = "INSERT INTO outbox_payloads (payload) VALUES (?) RETURNING id";

  /**
   * Deletes the shared payloads no outbox row points at any more: ids are increasing, so every one
   * below the smallest id still pointed at (by the index) is done with. A payload another
   * transaction is writing is not visible yet, so it is never taken.
   */
  static final String DELETE_SETTLED_PAYLOADS =
      "DELETE FROM outbox_payloads WHERE id < COALESCE((SELECT MIN(payload_id) FROM outbox),"
          + " (SELECT MAX(id) + 1 FROM outbox_payloads))";

  /** The columns {@link #readMessage} reads, from {@link #MESSAGE_FROM}. */
  static final String MESSAGE =
      "o.id, o.destination, o.lane, o.profile_id, o.idempotency_key, COALESCE(p.payload, o.payload), o.ingested_at,"
          + " o.attempts, o.first_failed_at, o.next_attempt_at";

  /** The outbox as {@code o}, with its shared payloads. */
  static final String MESSAGE_FROM = " FROM outbox o LEFT JOIN outbox_payloads p ON p.id = o.payload_id";

  private static final byte[] SHARED = new byte[0];

  /** A dead letter whose mapping failed, back in the outbox with the payload mapped again. */
  static final String INSERT_REMAPPED =
      "INSERT INTO outbox (destination, lane, profile_id, idempotency_key, payload, ingested_at, attempts) VALUES (?, ?, ?, ?, ?, ?, 0)";

  static final String INSERT_DEAD =
      "INSERT INTO dead_letters (outbox_id, destination, lane, profile_id, idempotency_key, payload, ingested_at,"
          + " attempts, first_failed_at, failed_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static final String DEAD =
      "id, outbox_id, destination, lane, profile_id, idempotency_key, payload, ingested_at, attempts, first_failed_at,"
          + " failed_at, last_error";

  private OutboxColumns() {}

  /** @param sharedPayload the id of the payload in {@code outbox_payloads}, or 0 to store it here */
  static void bindNew(PreparedStatement st, OutboxEntry e, long sharedPayload) throws SQLException {
    st.setString(1, e.destination());
    st.setInt(2, e.lane());
    st.setString(3, e.profileId());
    st.setString(4, e.idempotencyKey());
    st.setBytes(5, sharedPayload == 0 ? e.payload() : SHARED);
    st.setLong(6, ProfileColumns.micros(e.ingestedAt()));
    if (sharedPayload == 0) {
      st.setNull(7, Types.BIGINT);
    } else {
      st.setLong(7, sharedPayload);
    }
  }

  /**
   * A mapping failure: a dead letter that never was in the outbox, given up at its ingest time (the
   * processor does not read the clock, so that replaying the log gives the same state).
   */
  static void bindFailed(PreparedStatement st, OutboxEntry e) throws SQLException {
    Instant failedAt = e.ingestedAt();
    // outbox_id 0 marks a message that was never mapped: its payload is the mapping's input.
    st.setLong(1, 0);
    st.setString(2, e.destination());
    st.setInt(3, e.lane());
    st.setString(4, e.profileId());
    st.setString(5, e.idempotencyKey());
    st.setBytes(6, e.payload());
    st.setLong(7, ProfileColumns.micros(e.ingestedAt()));
    st.setInt(8, 0);
    st.setNull(9, Types.BIGINT);
    st.setLong(10, ProfileColumns.micros(failedAt));
    st.setString(11, e.failure());
  }

  /** @param m a never-mapped dead letter's message, whose payload is the mapping's input */
  static void bindRemapped(PreparedStatement st, OutboundMessage m, byte[] payload) throws SQLException {
    st.setString(1, m.destination());
    st.setInt(2, m.lane());
    st.setString(3, m.profileId());
    st.setString(4, m.idempotencyKey());
    st.setBytes(5, payload);
    st.setLong(6, ProfileColumns.micros(m.ingestedAt()));
  }

  static void bindDead(PreparedStatement st, OutboundMessage m, Instant failedAt, String lastError) throws SQLException {
    st.setLong(1, m.id());
    st.setString(2, m.destination());
    st.setInt(3, m.lane());
    st.setString(4, m.profileId());
    st.setString(5, m.idempotencyKey());
    st.setBytes(6, m.payload());
    st.setLong(7, ProfileColumns.micros(m.ingestedAt()));
    st.setInt(8, m.attempts());
    setMicros(st, 9, m.firstFailedAt());
    st.setLong(10, ProfileColumns.micros(failedAt));
    st.setString(11, lastError);
  }

  /** Reads a row selected with {@link #MESSAGE}. */
  static OutboundMessage readMessage(ResultSet rs) throws SQLException {
    return new OutboundMessage(
        rs.getLong(1),
        rs.getString(2),
        rs.getInt(3),
        rs.getString(4),
        rs.getString(5),
        rs.getBytes(6),
        ProfileColumns.instant(rs.getLong(7)),
        rs.getInt(8),
        instantOrNull(rs, 9),
        instantOrNull(rs, 10));
  }

  /** Reads a row selected with {@link #DEAD}. */
  static DeadLetter readDead(ResultSet rs) throws SQLException {
    OutboundMessage m =
        new OutboundMessage(
            rs.getLong(2),
            rs.getString(3),
            rs.getInt(4),
            rs.getString(5),
            rs.getString(6),
            rs.getBytes(7),
            ProfileColumns.instant(rs.getLong(8)),
            rs.getInt(9),
            instantOrNull(rs, 10),
            null);
    return new DeadLetter(rs.getLong(1), m, ProfileColumns.instant(rs.getLong(11)), rs.getString(12));
  }

  static void setMicros(PreparedStatement st, int index, Instant t) throws SQLException {
    if (t == null) {
      st.setNull(index, Types.BIGINT);
    } else {
      st.setLong(index, ProfileColumns.micros(t));
    }
  }

  private static Instant instantOrNull(ResultSet rs, int index) throws SQLException {
    long v = rs.getLong(index);
    return rs.wasNull() ? null : ProfileColumns.instant(v);
  }
}
