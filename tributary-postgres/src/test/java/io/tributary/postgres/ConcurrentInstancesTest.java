package io.tributary.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.event.Event;
import io.tributary.core.event.EventCodec;
import io.tributary.core.identity.IdentityRules;
import io.tributary.core.log.LogEntry;
import io.tributary.core.processing.EventProcessor;
import io.tributary.core.profile.Profile;
import io.tributary.core.state.StateStore;
import io.tributary.core.state.StateStoreException;
import io.tributary.core.testing.Events;
import io.tributary.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two hub instances share one database: each has its own store and processor thread and reads its
 * own log partition, and both partitions carry events about the same synthetic people, in
 * different orders, so that the two instances link and merge the same profiles at the same time.
 * Whatever the interleaving, the identity graph must end as if one writer had done it all.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConcurrentInstancesTest {
  private static final int PEOPLE = 10;
  private static final int EVENTS_PER_PERSON_AND_INSTANCE = 6;
  private static final int BATCH = 3;
  private static final Duration FINISH_WITHIN = Duration.ofMinutes(3);

  private final EventProcessor processor = new EventProcessor(IdentityRules.defaults());

  /** Person k's identifiers: two browsers, a user id, an email address. */
  private record Person(String anonA, String anonB, String userId, String email) {
    static Person number(int k) {
      return new Person("anon-" + k + "-a", "anon-" + k + "-b", "user-" + k, "person" + k + "@example.com");
    }

    Set<String> identifiers() {
      return Set.of("anonymous_id:" + anonA, "anonymous_id:" + anonB, "user_id:" + userId, "email:" + email);
    }

    /** Events that together connect all four identifiers, each pair of them more than once. */
    List<Event> events(String source) {
      return List.of(
          Events.track("Product Viewed").source(source).anonymousId(anonA).build(),
          Events.track("Product Viewed").source(source).anonymousId(anonB).build(),
          Events.identify().source(source).userId(userId).anonymousId(anonA).build(),
          Events.identify().source(source).userId(userId).anonymousId(anonB).build(),
          Events.identify().source(source).anonymousId(anonB).trait("email", email).build(),
          Events.identify().source(source).userId(userId).trait("email", email).build());
    }
  }

  @Test
  void shouldLeaveEveryPersonOnOneLiveProfileWhenTwoInstancesMergeTheSameProfilesAtOnce() throws Exception {
    // given: two instances on one fresh database, each with its own shuffled stream of events
    PostgresOptions options = TestDatabases.fresh("concurrent");
    List<Person> people = new ArrayList<>();
    for (int k = 0; k < PEOPLE; k++) {
      people.add(Person.number(k));
    }
    List<Event> webEvents = shuffledEvents(people, "web", 1);
    List<Event> appEvents = shuffledEvents(people, "app", 2);
    Map<String, Profile> live = new HashMap<>();
    Map<String, Set<String>> mergedInto = new HashMap<>();
    try (StateStore web = PostgresStateStore.open(options);
        StateStore app = PostgresStateStore.open(options)) {
      // when: both process at once, each transaction retried when it lost a race
      CyclicBarrier start = new CyclicBarrier(2);
      ExecutorService threads = Executors.newFixedThreadPool(2);
      int conflicts;
      try {
        Future<Integer> first = threads.submit(() -> process(web, 1, webEvents, start));
        Future<Integer> second = threads.submit(() -> process(app, 2, appEvents, start));
        conflicts =
            first.get(FINISH_WITHIN.toSeconds(), TimeUnit.SECONDS)
                + second.get(FINISH_WITHIN.toSeconds(), TimeUnit.SECONDS);
      } finally {
        threads.shutdownNow();
      }
      System.out.println("ConcurrentInstancesTest: " + conflicts + " transactions lost a race and were retried");
      assertThat(conflicts).as("transactions that lost a race: without any, the test proved nothing").isPositive();

      // then: both consumed their whole partition
      assertThat(web.reader().nextPosition(1)).isEqualTo(webEvents.size() + 1L);
      assertThat(web.reader().nextPosition(2)).isEqualTo(appEvents.size() + 1L);
      for (String id : query(options, "SELECT profile_id FROM profiles")) {
        live.put(id, web.reader().profile(id).orElseThrow().profile());
        web.reader().merges(id).forEach(m -> mergedInto.computeIfAbsent(id, x -> new HashSet<>()).add(m.mergedId()));
      }
    }
    Map<String, String> owners = identifierOwners(options);

    // and: every identifier is linked, once, to a live profile
    Set<String> allIdentifiers = new HashSet<>();
    people.forEach(p -> allIdentifiers.addAll(p.identifiers()));
    assertThat(owners.keySet()).as("linked identifiers").isEqualTo(allIdentifiers);
    assertThat(query(options, "SELECT id_type, id_value FROM identity_links GROUP BY id_type, id_value HAVING COUNT(*) > 1"))
        .as("identifiers on more than one profile").isEmpty();
    assertThat(query(options, """
            SELECT l.id_type || ':' || l.id_value FROM identity_links l
            WHERE l.profile_id NOT IN (SELECT profile_id FROM profiles)
               OR l.profile_id IN (SELECT merged_id FROM profile_merges)"""))
        .as("identifiers linked to a profile that is not live").isEmpty();

    // and: each person is one profile, and no two people share one
    Set<String> peoplesProfiles = new HashSet<>();
    for (Person person : people) {
      Set<String> profiles = new HashSet<>();
      person.identifiers().forEach(id -> profiles.add(owners.get(id)));
      assertThat(profiles).as("profiles of %s", person.userId()).hasSize(1);
      peoplesProfiles.addAll(profiles);
    }
    assertThat(peoplesProfiles).as("one profile per person").hasSize(PEOPLE);
    assertThat(live.keySet()).as("live profiles").isEqualTo(peoplesProfiles);

    // and: no merge was lost: every merged profile resolves to a live one, and each survivor
    // remembers exactly the profiles merged into it
    assertThat(query(options, """
            SELECT merged_id FROM profile_merges
            WHERE survivor_id NOT IN (SELECT profile_id FROM profiles)
               OR merged_id IN (SELECT profile_id FROM profiles)"""))
        .as("merged profiles that do not resolve to a live one").isEmpty();
    for (var profile : live.entrySet()) {
      assertThat(profile.getValue().mergedFrom())
          .as("merged_from of the survivor %s", profile.getKey())
          .isEqualTo(mergedInto.getOrDefault(profile.getKey(), Set.of()));
    }

    // and: no event was lost from a profile: its timeline and its counters hold all of its person's
    int eventsPerPerson = 2 * EVENTS_PER_PERSON_AND_INSTANCE;
    for (var profile : live.entrySet()) {
      assertThat(query(options, "SELECT log_position FROM timeline WHERE profile_id = '" + profile.getKey() + "'"))
          .as("timeline of %s", profile.getKey()).hasSize(eventsPerPerson);
      assertThat(profile.getValue().eventCounts().values().stream().mapToLong(Long::longValue).sum())
          .as("events counted on %s", profile.getKey()).isEqualTo(eventsPerPerson);
    }
  }

  private static List<Event> shuffledEvents(List<Person> people, String source, long seed) {
    List<Event> events = new ArrayList<>();
    people.forEach(p -> events.addAll(p.events(source)));
    Collections.shuffle(events, new Random(seed));
    return events;
  }

  /**
   * Processes the events as a processor would, in batches, each batch one transaction with the
   * partition's next position, retried at once when it lost a race. Returns how many were retried.
   */
  private int process(StateStore store, int partition, List<Event> events, CyclicBarrier start) throws Exception {
    start.await();
    int conflicts = 0;
    for (int from = 0; from < events.size(); from += BATCH) {
      List<Event> batch = events.subList(from, Math.min(from + BATCH, events.size()));
      long firstPosition = from + 1L;
      while (true) {
        try {
          store.inTransaction(tx -> {
            for (int i = 0; i < batch.size(); i++) {
              Event event = batch.get(i);
              processor.process(tx, new LogEntry(partition, firstPosition + i, EventCodec.encode(event)), event);
            }
            tx.setNextPosition(partition, firstPosition + batch.size());
            return null;
          });
          break;
        } catch (StateStoreException.Conflict lostRace) {
          conflicts++;
        }
      }
    }
    return conflicts;
  }

  /** {@code type:value} of every linked identifier, to its profile id. */
  private static Map<String, String> identifierOwners(PostgresOptions options) throws SQLException {
    Map<String, String> owners = new HashMap<>();
    for (String row : query(options, "SELECT id_type || ':' || id_value || ' ' || profile_id FROM identity_links")) {
      int space = row.lastIndexOf(' ');
      owners.put(row.substring(0, space), row.substring(space + 1));
    }
    return owners;
  }

  /** The first column of every row, as text. */
  private static List<String> query(PostgresOptions options, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(options.jdbcUrl(), PostgresServer.USER, "");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }
}
