package io.tributary.jdbc;

import io.tributary.core.state.StateStoreException;

import io.tributary.core.identity.Identifier;
import io.tributary.core.identity.IdentityLink;
import io.tributary.core.identity.ProfileMerge;
import io.tributary.core.profile.Profile;
import io.tributary.core.profile.TimelineEntry;
import io.tributary.core.state.ProfileView;
import io.tributary.core.state.StateReader;
import io.tributary.core.state.TimelineCursor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Read-only queries on committed state, each on a pooled connection of its own. */
final class JdbcStateReader implements StateReader {
  private final DataSource readers;

  JdbcStateReader(DataSource readers) {
    this.readers = readers;
  }

  @Override
  public Optional<String> resolveProfileId(String profileId) {
    return query(c -> {
      try (PreparedStatement st = c.prepareStatement("SELECT profile_id FROM profiles WHERE profile_id = ?")) {
        st.setString(1, profileId);
        try (ResultSet rs = st.executeQuery()) {
          if (rs.next()) {
            return Optional.of(rs.getString(1));
          }
        }
      }
      try (PreparedStatement st =
          c.prepareStatement("SELECT survivor_id FROM profile_merges WHERE merged_id = ?")) {
        st.setString(1, profileId);
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  @Override
  public Optional<String> profileOf(Identifier identifier) {
    return query(c -> {
      try (PreparedStatement st =
          c.prepareStatement(LinkColumns.SELECT_OWNER)) {
        st.setString(1, identifier.type());
        st.setString(2, identifier.value());
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  @Override
  public Optional<ProfileView> profile(String profileId) {
    return query(c -> {
      // One read transaction, so the profile and its links are from the same commit.
      c.setAutoCommit(false);
      try {
        Profile profile;
        try (PreparedStatement st = c.prepareStatement(ProfileColumns.SELECT + " WHERE profile_id = ?")) {
          st.setString(1, profileId);
          try (ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
              return Optional.<ProfileView>empty();
            }
            profile = ProfileColumns.read(rs);
          }
        }
        List<IdentityLink> links = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(LinkColumns.SELECT_LINKS)) {
          st.setString(1, profileId);
          try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
              links.add(LinkColumns.readLink(rs));
            }
          }
        }
        return Optional.of(new ProfileView(profile, links));
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    });
  }

  @Override
  public List<ProfileMerge> merges(String survivorId) {
    return query(c -> {
      try (PreparedStatement st = c.prepareStatement(LinkColumns.SELECT_MERGES)) {
        st.setString(1, survivorId);
        List<ProfileMerge> merges = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            merges.add(LinkColumns.readMerge(rs));
          }
        }
        return merges;
      }
    });
  }

  @Override
  public List<TimelineEntry> timeline(String profileId, TimelineCursor before, int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("Expected limit from 1 to 1000, but was " + limit);
    }
    return query(c -> {
      try (PreparedStatement st = c.prepareStatement(TimelineColumns.SELECT_PAGE)) {
        st.setString(1, profileId);
        if (before == null) {
          st.setLong(2, Long.MAX_VALUE);
          st.setInt(3, Integer.MAX_VALUE);
          st.setLong(4, Long.MAX_VALUE);
        } else {
          st.setLong(2, ProfileColumns.micros(before.timestamp()));
          st.setInt(3, before.partition());
          st.setLong(4, before.position());
        }
        st.setInt(5, limit);
        List<TimelineEntry> page = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            page.add(TimelineColumns.read(rs));
          }
        }
        return page;
      }
    });
  }

  @Override
  public long nextPosition(int partition) {
    return query(c -> {
      try (PreparedStatement st =
          c.prepareStatement(StateSchema.SELECT_NEXT_POSITION)) {
        st.setInt(1, partition);
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  @Override
  public Map<Integer, Long> nextPositions() {
    return query(c -> {
      try (PreparedStatement st = c.prepareStatement(StateSchema.SELECT_NEXT_POSITIONS);
          ResultSet rs = st.executeQuery()) {
        Map<Integer, Long> positions = new HashMap<>();
        while (rs.next()) {
          positions.put(rs.getInt(1), rs.getLong(2));
        }
        return positions;
      }
    });
  }

  private interface Query<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T query(Query<T> q) {
    try (Connection c = readers.getConnection()) {
      return q.run(c);
    } catch (SQLException e) {
      throw new StateStoreException("A state store query failed", e);
    }
  }
}
