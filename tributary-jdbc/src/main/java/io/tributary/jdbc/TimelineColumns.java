package io.tributary.jdbc;

import io.tributary.core.event.EventType;
import io.tributary.core.profile.TimelineEntry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Rows of the {@code timeline} table. */
final class TimelineColumns {
  static final String INSERT =
      "INSERT INTO timeline (profile_id, ts, log_partition, log_position, event_type, event_name, message_id,"
          + " source_id, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static final String SELECT_PAGE =
      "SELECT profile_id, ts, log_partition, log_position, event_type, event_name, message_id, source_id, payload"
          + " FROM timeline WHERE profile_id = ? AND (ts, log_partition, log_position) < (?, ?, ?)"
          + " ORDER BY ts DESC, log_partition DESC, log_position DESC LIMIT ?";

  private static final byte[] IN_THE_LOG = new byte[0];

  private TimelineColumns() {}

  /** @param withPayload false leaves the payload out (empty): it is read from the log instead */
  static void bind(PreparedStatement st, TimelineEntry e, boolean withPayload) throws SQLException {
    st.setString(1, e.profileId());
    st.setLong(2, ProfileColumns.micros(e.timestamp()));
    st.setInt(3, e.partition());
    st.setLong(4, e.position());
    st.setString(5, e.type().name());
    st.setString(6, e.name());
    st.setString(7, e.messageId());
    st.setString(8, e.sourceId());
    st.setBytes(9, withPayload ? e.payload() : IN_THE_LOG);
  }

  /**
   * Reads a row. The timestamp is read back at microsecond precision (the ordering column); the
   * exact one is in the payload.
   */
  static TimelineEntry read(ResultSet rs) throws SQLException {
    return new TimelineEntry(
        rs.getString(1),
        rs.getInt(3),
        rs.getLong(4),
        EventType.valueOf(rs.getString(5)),
        rs.getString(6),
        Instant.EPOCH.plus(rs.getLong(2), ChronoUnit.MICROS),
        rs.getString(7),
        rs.getString(8),
        rs.getBytes(9));
  }
}
