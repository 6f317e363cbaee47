package io.tributary.jdbc;

import io.tributary.core.delivery.Backlog;
import io.tributary.core.delivery.DeadLetter;
import io.tributary.core.delivery.DeadLetterQuery;
import io.tributary.core.delivery.DefinitionJson;
import io.tributary.core.delivery.DestinationDefinition;
import io.tributary.core.delivery.InvalidDefinitionException;
import io.tributary.core.delivery.Lanes;
import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.Outbox;
import io.tributary.core.delivery.Settlement;
import io.tributary.core.delivery.StoredDestination;
import io.tributary.core.state.StateStoreException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The delivery tables on the JDBC state store, one code path for SQLite and PostgreSQL. Reads use
 * the reader pool; writes run in short transactions of their own (see {@link JdbcStateStore}).
 *
 * <p>Lanes are leased with {@code SELECT ... FOR UPDATE SKIP LOCKED} on PostgreSQL, so instances
 * claiming at the same moment take different lanes instead of waiting for each other.
 */
final class JdbcOutbox implements Outbox {
  private static final String DEAD_FILTER =
      " WHERE (? = 0 OR id = ?) AND (CAST(? AS TEXT) IS NULL OR destination = ?) AND (CAST(? AS TEXT) IS NULL OR LOWER(last_error) LIKE LOWER(?) ESCAPE '!')"
          + " AND (CAST(? AS BIGINT) IS NULL OR failed_at >= ?) AND (CAST(? AS BIGINT) IS NULL OR failed_at < ?) AND id > ?";

  private static final System.Logger LOG = System.getLogger(JdbcOutbox.class.getName());
  private static final com.fasterxml.jackson.databind.ObjectReader JSON = new com.fasterxml.jackson.databind.ObjectMapper().reader();

  private final Dialect dialect;
  private final DataSource readers;
  /** Whether the 64 lane rows are known to exist (they are inserted once, then only updated). */
  private volatile boolean lanesExist;
  private final SqlWork.Runner writes;

  JdbcOutbox(Dialect dialect, DataSource readers, SqlWork.Runner writes) {
    this.dialect = dialect;
    this.readers = readers;
    this.writes = writes;
  }

  @Override
  public List<OutboundMessage> pending(String destination, Set<Integer> lanes, long afterId, int limit) {
    if (lanes.isEmpty()) {
      return List.of();
    }
    boolean all = lanes.size() == Lanes.COUNT;
    long mask = 0;
    for (int lane : lanes) {
      mask |= 1L << lane;
    }
    String sql =
        "SELECT " + OutboxColumns.MESSAGE + OutboxColumns.MESSAGE_FROM + " WHERE o.destination = ? AND o.id > ?"
            + (all ? "" : " AND ((CAST(? AS BIGINT) >> o.lane) & 1) = 1")
            + " ORDER BY o.id LIMIT ?";
    long laneMask = mask;
    return read("Reading the outbox", c -> {
      try (PreparedStatement st = c.prepareStatement(sql)) {
        int i = 1;
        st.setString(i++, destination);
        st.setLong(i++, afterId);
        if (!all) {
          st.setLong(i++, laneMask);
        }
        st.setInt(i, limit);
        List<OutboundMessage> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            out.add(OutboxColumns.readMessage(rs));
          }
        }
        return out;
      }
    });
  }

  @Override
  public void settle(List<Settlement> settlements) {
    if (settlements.isEmpty()) {
      return;
    }
    writes.inTransaction("Settling deliveries", c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM outbox WHERE id = ?");
          PreparedStatement retry =
              c.prepareStatement("UPDATE outbox SET attempts = ?, first_failed_at = ?, next_attempt_at = ?, last_error = ? WHERE id = ?");
          PreparedStatement dead = c.prepareStatement(OutboxColumns.INSERT_DEAD);
          PreparedStatement payloads = c.prepareStatement(OutboxColumns.DELETE_SETTLED_PAYLOADS)) {
        boolean removed = false;
        for (Settlement s : settlements) {
          switch (s) {
            case Settlement.Delivered d -> {
              delete.setLong(1, d.id());
              delete.addBatch();
              removed = true;
            }
            case Settlement.Retry r -> {
              OutboundMessage m = r.message();
              retry.setInt(1, m.attempts());
              OutboxColumns.setMicros(retry, 2, m.firstFailedAt());
              OutboxColumns.setMicros(retry, 3, m.notBefore());
              retry.setString(4, r.lastError());
              retry.setLong(5, m.id());
              retry.addBatch();
            }
            case Settlement.Dead d -> {
              OutboxColumns.bindDead(dead, d.message(), d.failedAt(), d.lastError());
              dead.addBatch();
              delete.setLong(1, d.id());
              delete.addBatch();
              removed = true;
            }
          }
        }
        // Dead letters first, so that a message is never in neither table.
        dead.executeBatch();
        retry.executeBatch();
        delete.executeBatch();
        if (removed) {
          payloads.executeUpdate();
        }
      }
      return null;
    });
  }

  @Override
  public List<DeadLetter> deadLetters(DeadLetterQuery q) {
    return deadLetters(q, "");
  }

  private List<DeadLetter> deadLetters(DeadLetterQuery q, String extra) {
    return read("Reading dead letters", c -> {
      try (PreparedStatement st = c.prepareStatement("SELECT " + OutboxColumns.DEAD + " FROM dead_letters" + DEAD_FILTER + extra + " ORDER BY id LIMIT ?")) {
        int i = bindDeadFilter(st, q);
        st.setInt(i, q.limit());
        List<DeadLetter> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            out.add(OutboxColumns.readDead(rs));
          }
        }
        return out;
      }
    });
  }

  private static int bindDeadFilter(PreparedStatement st, DeadLetterQuery q) throws SQLException {
    int i = 1;
    st.setLong(i++, q.id());
    st.setLong(i++, q.id());
    st.setString(i++, q.destination());
    st.setString(i++, q.destination());
    String like =
        q.errorContains() == null
            ? null
            : "%" + q.errorContains().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    st.setString(i++, like);
    st.setString(i++, like);
    for (Instant t : new Instant[] {q.failedFrom(), q.failedBefore()}) {
      if (t == null) {
        st.setNull(i++, java.sql.Types.BIGINT);
        st.setNull(i++, java.sql.Types.BIGINT);
      } else {
        st.setLong(i++, ProfileColumns.micros(t));
        st.setLong(i++, ProfileColumns.micros(t));
      }
    }
    st.setLong(i++, q.afterId());
    return i;
  }

  @Override
  public Optional<DeadLetter> deadLetter(long id) {
    return read("Reading a dead letter", c -> {
      try (PreparedStatement st = c.prepareStatement("SELECT " + OutboxColumns.DEAD + " FROM dead_letters WHERE id = ?")) {
        st.setLong(1, id);
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() ? Optional.of(OutboxColumns.readDead(rs)) : Optional.<DeadLetter>empty();
        }
      }
    });
  }

  /** Takes the dialect's {@link Dialect#outboxAppendLock()} in {@code c}'s transaction, if any. */
  static void lockForAppend(Connection c, Dialect dialect) throws SQLException {
    if (dialect.outboxAppendLock() != null) {
      try (PreparedStatement st = c.prepareStatement(dialect.outboxAppendLock())) {
        st.execute();
      }
    }
  }

  @Override
  public Replayed replay(DeadLetterQuery q, Remapper remap) {
    // Letters whose mapping failed (outbox_id 0) hold the mapping's input: they are mapped again
    // first, outside the write transaction, which on the embedded store the processor shares (a
    // mapping may take up to a second).
    List<DeadLetter> unmapped = deadLetters(q, " AND outbox_id = 0");
    Map<DeadLetter, byte[]> remapped = new java.util.LinkedHashMap<>();
    Map<DeadLetter, String> stillFailing = new java.util.LinkedHashMap<>();
    for (DeadLetter d : unmapped) {
      try {
        remapped.put(d, remap.payload(d.message().destination(), d.message().payload()));
      } catch (io.tributary.core.delivery.Destination.DeliveryInputException e) {
        stillFailing.put(d, e.failure());
      }
    }
    Instant now = Instant.now();
    int replayed = writes.inTransaction("Replaying dead letters", c -> {
      List<Long> ids = deadIds(c, q, " AND outbox_id <> 0", q.limit() - unmapped.size());
      if (ids.isEmpty() && remapped.isEmpty() && stillFailing.isEmpty()) {
        return 0;
      }
      lockForAppend(c, dialect);
      int moved = 0;
      try (PreparedStatement copy =
              c.prepareStatement(
                  "INSERT INTO outbox (destination, lane, profile_id, idempotency_key, payload, ingested_at, attempts)"
                      + " SELECT destination, lane, profile_id, idempotency_key, payload, ingested_at, 0 FROM dead_letters WHERE id = ?");
          PreparedStatement insert = c.prepareStatement(OutboxColumns.INSERT_REMAPPED);
          PreparedStatement delete = c.prepareStatement("DELETE FROM dead_letters WHERE id = ?");
          PreparedStatement failedAgain = c.prepareStatement("UPDATE dead_letters SET last_error = ?, failed_at = ? WHERE id = ?")) {
        for (long id : ids) {
          copy.setLong(1, id);
          copy.addBatch();
          delete.setLong(1, id);
          delete.addBatch();
        }
        copy.executeBatch();
        delete.executeBatch();
        moved += ids.size();
        for (Map.Entry<DeadLetter, byte[]> e : remapped.entrySet()) {
          // Discarded meanwhile: gone, not sent.
          delete.setLong(1, e.getKey().id());
          if (delete.executeUpdate() == 1) {
            OutboxColumns.bindRemapped(insert, e.getKey().message(), e.getValue());
            insert.executeUpdate();
            moved++;
          }
        }
        for (Map.Entry<DeadLetter, String> e : stillFailing.entrySet()) {
          failedAgain.setString(1, e.getValue());
          failedAgain.setLong(2, ProfileColumns.micros(now));
          failedAgain.setLong(3, e.getKey().id());
          failedAgain.executeUpdate();
        }
      }
      return moved;
    });
    return new Replayed(replayed, stillFailing.size());
  }

  @Override
  public int discard(DeadLetterQuery q) {
    return writes.inTransaction("Discarding dead letters", c -> {
      List<Long> ids = deadIds(c, q, "", q.limit());
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM dead_letters WHERE id = ?")) {
        for (long id : ids) {
          delete.setLong(1, id);
          delete.addBatch();
        }
        delete.executeBatch();
      }
      return ids.size();
    });
  }

  private static List<Long> deadIds(Connection c, DeadLetterQuery q, String extra, int limit) throws SQLException {
    if (limit <= 0) {
      return List.of();
    }
    try (PreparedStatement st = c.prepareStatement("SELECT id FROM dead_letters" + DEAD_FILTER + extra + " ORDER BY id LIMIT ?")) {
      int i = bindDeadFilter(st, q);
      st.setInt(i, limit);
      List<Long> ids = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      return ids;
    }
  }

  @Override
  public Map<String, Backlog> backlog() {
    return read("Reading the delivery backlog", c -> {
      Map<String, long[]> pending = new HashMap<>();
      try (PreparedStatement st = c.prepareStatement("SELECT destination, COUNT(*), MIN(ingested_at) FROM outbox GROUP BY destination");
          ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          pending.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
        }
      }
      Map<String, Long> dead = new HashMap<>();
      try (PreparedStatement st = c.prepareStatement("SELECT destination, COUNT(*) FROM dead_letters GROUP BY destination");
          ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          dead.put(rs.getString(1), rs.getLong(2));
        }
      }
      Map<String, Backlog> out = new HashMap<>();
      Set<String> names = new HashSet<>(pending.keySet());
      names.addAll(dead.keySet());
      for (String name : names) {
        long[] p = pending.get(name);
        out.put(
            name,
            new Backlog(
                p == null ? 0 : p[0], p == null ? null : ProfileColumns.instant(p[1]), dead.getOrDefault(name, 0L)));
      }
      return out;
    });
  }

  @Override
  public List<StoredDestination> destinations() {
    return read("Reading destinations", c -> {
      List<StoredDestination> out = new ArrayList<>();
      try (PreparedStatement st = c.prepareStatement("SELECT name, definition, origin, paused, updated_at FROM destinations ORDER BY name");
          ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          DestinationDefinition definition;
          try {
            definition = DefinitionJson.read(readJson(rs.getString(2)), rs.getString(1));
          } catch (InvalidDefinitionException e) {
            // Stored by an earlier version that accepted it: the others still run.
            LOG.log(Level.ERROR, "destination " + rs.getString(1) + " is stored with a definition this version refuses, so it does not run: "
                + e.getMessage() + "; define it again");
            continue;
          }
          out.add(
              new StoredDestination(
                  definition,
                  StoredDestination.Origin.valueOf(rs.getString(3)),
                  rs.getInt(4) != 0,
                  ProfileColumns.instant(rs.getLong(5))));
        }
      }
      return out;
    });
  }

  private static com.fasterxml.jackson.databind.JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("A stored destination definition is not JSON", e);
    }
  }

  @Override
  public void save(StoredDestination d) {
    String json = DefinitionJson.write(d.definition()).toString();
    writes.inTransaction("Saving a destination", c -> {
      try (PreparedStatement st =
          c.prepareStatement(
              "INSERT INTO destinations (name, definition, origin, paused, updated_at) VALUES (?, ?, ?, ?, ?)"
                  + " ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, origin = excluded.origin,"
                  + " paused = excluded.paused, updated_at = excluded.updated_at")) {
        st.setString(1, d.name());
        st.setString(2, json);
        st.setString(3, d.origin().name());
        st.setInt(4, d.paused() ? 1 : 0);
        st.setLong(5, ProfileColumns.micros(d.updatedAt()));
        return st.executeUpdate();
      }
    });
  }

  @Override
  public boolean delete(String name) {
    return writes.inTransaction("Deleting a destination", c -> {
      int deleted;
      try (PreparedStatement st = c.prepareStatement("DELETE FROM destinations WHERE name = ?")) {
        st.setString(1, name);
        deleted = st.executeUpdate();
      }
      for (String table : List.of("outbox", "dead_letters")) {
        try (PreparedStatement st = c.prepareStatement("DELETE FROM " + table + " WHERE destination = ?")) {
          st.setString(1, name);
          st.executeUpdate();
        }
      }
      try (PreparedStatement st = c.prepareStatement(OutboxColumns.DELETE_SETTLED_PAYLOADS)) {
        st.executeUpdate();
      }
      return deleted > 0;
    });
  }

  @Override
  public Set<Integer> leaseLanes(String owner, Instant now, Duration ttl, int target, Set<Integer> releasable) {
    long nowMicros = ProfileColumns.micros(now);
    long until = ProfileColumns.micros(now.plus(ttl));
    Set<Integer> leased = writes.inTransaction("Leasing delivery lanes", c -> {
      if (!lanesExist) {
        ensureLanes(c);
      }
      heartbeat(c, owner, until);
      Set<Integer> held = new TreeSet<>();
      try (PreparedStatement st = c.prepareStatement("SELECT lane FROM delivery_lanes WHERE owner = ? ORDER BY lane" + dialect.skipLocked())) {
        st.setString(1, owner);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            held.add(rs.getInt(1));
          }
        }
      }
      // Beyond the fair share: let go of lanes with nothing in flight, highest first.
      List<Integer> release = new ArrayList<>();
      for (int lane : ((TreeSet<Integer>) held).descendingSet()) {
        if (held.size() - release.size() <= target) {
          break;
        }
        if (releasable.contains(lane)) {
          release.add(lane);
        }
      }
      try (PreparedStatement st = c.prepareStatement("UPDATE delivery_lanes SET owner = '', expires_at = 0 WHERE lane = ? AND owner = ?")) {
        for (int lane : release) {
          st.setInt(1, lane);
          st.setString(2, owner);
          st.addBatch();
        }
        st.executeBatch();
      }
      release.forEach(held::remove);
      int wanted = target - held.size();
      if (wanted > 0) {
        try (PreparedStatement st =
            c.prepareStatement(
                "SELECT lane FROM delivery_lanes WHERE expires_at < ? AND owner <> ? ORDER BY lane LIMIT ?" + dialect.skipLocked())) {
          // Its own expired lanes are held already: they must not take the places of free ones.
          st.setLong(1, nowMicros);
          st.setString(2, owner);
          st.setInt(3, wanted);
          try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
              held.add(rs.getInt(1));
            }
          }
        }
      }
      try (PreparedStatement st = c.prepareStatement("UPDATE delivery_lanes SET owner = ?, expires_at = ? WHERE lane = ?")) {
        for (int lane : held) {
          st.setString(1, owner);
          st.setLong(2, until);
          st.setInt(3, lane);
          st.addBatch();
        }
        st.executeBatch();
      }
      return Set.copyOf(held);
    });
    lanesExist = true;
    return leased;
  }

  private static void ensureLanes(Connection c) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement("INSERT INTO delivery_lanes (lane, owner, expires_at) VALUES (?, '', 0) ON CONFLICT (lane) DO NOTHING")) {
      for (int lane = 0; lane < Lanes.COUNT; lane++) {
        st.setInt(1, lane);
        st.addBatch();
      }
      st.executeBatch();
    }
  }

  private static void heartbeat(Connection c, String owner, long until) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO delivery_members (owner, expires_at) VALUES (?, ?)"
                + " ON CONFLICT (owner) DO UPDATE SET expires_at = excluded.expires_at")) {
      st.setString(1, owner);
      st.setLong(2, until);
      st.executeUpdate();
    }
  }

  @Override
  public int laneOwners(String owner, Instant now) {
    return read("Counting delivery members", c -> {
      try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM delivery_members WHERE expires_at >= ? AND owner <> ?")) {
        st.setLong(1, ProfileColumns.micros(now));
        st.setString(2, owner);
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          return rs.getInt(1) + 1;
        }
      }
    });
  }

  @Override
  public void releaseLanes(String owner) {
    writes.inTransaction("Releasing delivery lanes", c -> {
      try (PreparedStatement st = c.prepareStatement("UPDATE delivery_lanes SET owner = '', expires_at = 0 WHERE owner = ?")) {
        st.setString(1, owner);
        st.executeUpdate();
      }
      try (PreparedStatement st = c.prepareStatement("DELETE FROM delivery_members WHERE owner = ?")) {
        st.setString(1, owner);
        st.executeUpdate();
      }
      return null;
    });
  }

  private <T> T read(String what, SqlWork<T> work) {
    try (Connection c = readers.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      RuntimeException failure = StoreFailures.of(dialect, what, e);
      throw failure instanceof StateStoreException s ? s : new StateStoreException(what + " failed", e);
    }
  }
}
