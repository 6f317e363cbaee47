package io.tributary.jdbc;

import io.tributary.core.identity.EventRef;
import io.tributary.core.identity.Identifier;
import io.tributary.core.identity.IdentityLink;
import io.tributary.core.identity.ProfileMerge;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Rows of {@code identity_links} and {@code profile_merges}. */
final class LinkColumns {
  static final String SELECT_OWNER = "SELECT profile_id FROM identity_links WHERE id_type = ? AND id_value = ?";
  static final String SELECT_LINKS =
      "SELECT id_type, id_value, profile_id, cause_source, cause_message, cause_partition, cause_position,"
          + " cause_timestamp FROM identity_links WHERE profile_id = ?"
          + " ORDER BY cause_partition, cause_position, id_type, id_value";
  static final String INSERT_LINK =
      "INSERT INTO identity_links (id_type, id_value, profile_id, cause_source, cause_message,"
          + " cause_partition, cause_position, cause_timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  static final String SELECT_MERGES =
      "SELECT merged_id, direct_survivor_id, cause_source, cause_message, cause_partition, cause_position,"
          + " cause_timestamp FROM profile_merges WHERE survivor_id = ?"
          + " ORDER BY cause_partition, cause_position";
  static final String INSERT_MERGE =
      "INSERT INTO profile_merges (merged_id, survivor_id, direct_survivor_id, cause_source, cause_message,"
          + " cause_partition, cause_position, cause_timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private LinkColumns() {}

  static IdentityLink readLink(ResultSet rs) throws SQLException {
    return new IdentityLink(new Identifier(rs.getString(1), rs.getString(2)), rs.getString(3), readCause(rs, 4));
  }

  static ProfileMerge readMerge(ResultSet rs) throws SQLException {
    return new ProfileMerge(rs.getString(1), rs.getString(2), readCause(rs, 3));
  }

  private static EventRef readCause(ResultSet rs, int first) throws SQLException {
    return new EventRef(
        rs.getString(first),
        rs.getString(first + 1),
        rs.getInt(first + 2),
        rs.getLong(first + 3),
        Instant.parse(rs.getString(first + 4)));
  }

  static void bindLink(PreparedStatement st, IdentityLink link) throws SQLException {
    st.setString(1, link.identifier().type());
    st.setString(2, link.identifier().value());
    st.setString(3, link.profileId());
    bindCause(st, 4, link.cause());
  }

  static void bindMerge(PreparedStatement st, ProfileMerge merge) throws SQLException {
    st.setString(1, merge.mergedId());
    st.setString(2, merge.survivorId());
    st.setString(3, merge.survivorId());
    bindCause(st, 4, merge.cause());
  }

  private static void bindCause(PreparedStatement st, int first, EventRef cause) throws SQLException {
    st.setString(first, cause.sourceId());
    st.setString(first + 1, cause.messageId());
    st.setInt(first + 2, cause.partition());
    st.setLong(first + 3, cause.position());
    st.setString(first + 4, cause.timestamp().toString());
  }
}
