package io.tributary.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.event.Event;
import io.tributary.core.event.EventType;
import io.tributary.core.processing.ProcessingOutcome;
import io.tributary.core.state.ProfileView;
import io.tributary.core.testing.Events;
import io.tributary.core.testing.Gen;
import io.tributary.core.testing.Generated;
import io.tributary.core.testing.ProcessorDriver;
import io.tributary.core.testing.StateSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Invariants of the identity graph over random event sequences on a small pool of identifiers. */
class IdentityGraphPropertyTest {

  /** Small limits, so that random events often run into them. */
  private static final IdentityRules RULES =
      new IdentityRules(
          List.of(
              new IdentifierTypeSpec(
                  "user_id", 1, 1, IdentityRules.COMMON_BLOCKED, Normalisation.NONE, List.of()),
              new IdentifierTypeSpec(
                  "email", 2, 2, Set.of("test@test.com"), Normalisation.EMAIL, List.of("email")),
              new IdentifierTypeSpec(
                  "phone", 3, 1, Set.of(), Normalisation.PHONE, List.of("phone")),
              new IdentifierTypeSpec(
                  "anonymous_id",
                  10,
                  3,
                  IdentityRules.COMMON_BLOCKED,
                  Normalisation.NONE,
                  List.of())),
          "US");

  private static final List<String> USERS = List.of("u-1", "u-2", "u-3", "unknown");
  private static final List<String> ANONYMOUS = List.of("a-1", "a-2", "a-3", "a-4", "a-5");
  private static final List<String> EMAILS =
      List.of(
          "ada@example.com",
          "ADA@example.com",
          "grace@example.com",
          "alan@example.com",
          "test@test.com");
  private static final List<String> PHONES =
      List.of("+1 202-555-0100", "(202) 555-0100", "202 555 0101");

  /** One generated event; {@code resend == 0} makes it a resend of the previous event. */
  record EventSpec(
      EventType type,
      String userId,
      String anonymousId,
      String email,
      String phone,
      String previousId,
      int minutes,
      int resend) {}

  @Test
  void shouldKeepTheIdentityGraphConsistentAfterEveryEvent() {
    Generated.forAll(
        300,
        logs(),
        log -> {
          var driver = new ProcessorDriver(RULES);
          for (Event event : log) {
            ProcessingOutcome outcome = driver.process(event);
            assertConsistent(driver, outcome);
          }
        });
  }

  @Test
  void shouldBuildTheSameStateFromTheSameLog() {
    Generated.forAll(
        100,
        logs(),
        log -> {
          var first = new ProcessorDriver(RULES);
          var second = new ProcessorDriver(RULES);

          var firstOutcomes = log.stream().map(first::process).toList();
          var secondOutcomes = log.stream().map(second::process).toList();

          assertThat(secondOutcomes).isEqualTo(firstOutcomes);
          assertThat(StateSnapshot.of(second.store())).isEqualTo(StateSnapshot.of(first.store()));
        });
  }

  private static void assertConsistent(ProcessorDriver driver, ProcessingOutcome outcome) {
    var reader = driver.reader();
    List<String> live = driver.store().liveProfileIds();
    Map<Identifier, String> owners = new HashMap<>();
    for (String profileId : live) {
      ProfileView view = reader.profile(profileId).orElseThrow();
      for (IdentityLink link : view.links()) {
        assertThat(link.profileId()).as("profile of a link of %s", profileId).isEqualTo(profileId);
        assertThat(owners.put(link.identifier(), profileId))
            .as("other live profile holding %s", link.identifier())
            .isNull();
        assertThat(reader.profileOf(link.identifier())).contains(profileId);
      }
      Map<String, Long> perType =
          view.links().stream()
              .collect(Collectors.groupingBy(l -> l.identifier().type(), Collectors.counting()));
      perType.forEach(
          (type, count) ->
              assertThat(count)
                  .as("%s values on %s", type, profileId)
                  .isLessThanOrEqualTo(limit(type)));
      for (String merged : view.profile().mergedFrom()) {
        assertThat(reader.resolveProfileId(merged)).contains(profileId);
      }
    }
    for (Identifier identifier : poolIdentifiers()) {
      reader
          .profileOf(identifier)
          .ifPresent(owner -> assertThat(owners).containsEntry(identifier, owner));
    }
    if (!outcome.duplicate()) {
      assertThat(live).contains(outcome.profileId());
      outcome
          .merges()
          .forEach(
              m -> assertThat(reader.resolveProfileId(m.mergedId())).contains(outcome.profileId()));
    }
  }

  /** Logs of 1 to 25 events over the identifier pools, some of them resends. */
  private static Gen<List<Event>> logs() {
    Gen<EventType> types =
        Gen.of(EventType.TRACK, EventType.IDENTIFY, EventType.ALIAS, EventType.PAGE);
    Gen<String> users = Gen.of(USERS).orNull(0.5);
    Gen<String> anonymous = Gen.of(ANONYMOUS).orNull(0.3);
    Gen<String> emails = Gen.of(EMAILS).orNull(0.5);
    Gen<String> phones = Gen.of(PHONES).orNull(0.7);
    Gen<String> previousIds = Gen.of(concat(USERS, ANONYMOUS));
    Gen<Integer> minutes = Gen.ints(0, 24 * 60);
    Gen<Integer> resends = Gen.ints(0, 9);
    Gen<EventSpec> specs =
        random ->
            new EventSpec(
                types.next(random),
                users.next(random),
                anonymous.next(random),
                emails.next(random),
                phones.next(random),
                previousIds.next(random),
                minutes.next(random),
                resends.next(random));
    return specs.list(1, 25).map(IdentityGraphPropertyTest::toEvents);
  }

  private static List<Event> toEvents(List<EventSpec> specs) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      EventSpec spec = specs.get(i);
      events.add(spec.resend() == 0 && i > 0 ? events.get(i - 1) : toEvent(spec, "m-" + i));
    }
    return events;
  }

  private static Event toEvent(EventSpec spec, String messageId) {
    var builder =
        switch (spec.type()) {
          case TRACK -> Events.track("Order Completed");
          case PAGE -> Events.page("Home");
          case ALIAS -> Events.alias(spec.previousId());
          default -> Events.identify();
        };
    builder.messageId(messageId).after(Duration.ofMinutes(spec.minutes())).userId(spec.userId());
    builder.anonymousId(
        spec.userId() == null && spec.anonymousId() == null ? "a-1" : spec.anonymousId());
    boolean userTraits = spec.type() == EventType.IDENTIFY;
    if (spec.email() != null) {
      if (userTraits) {
        builder.trait("email", spec.email());
      } else {
        builder.contextTrait("email", spec.email());
      }
    }
    if (spec.phone() != null) {
      builder.externalId("phone", spec.phone());
    }
    return builder.build();
  }

  private static List<Identifier> poolIdentifiers() {
    var normaliser = new IdentifierNormaliser(RULES);
    List<Identifier> pool = new ArrayList<>();
    for (String type : List.of("user_id", "anonymous_id")) {
      concat(USERS, ANONYMOUS).forEach(raw -> normaliser.normalise(type, raw).ifPresent(pool::add));
    }
    EMAILS.forEach(raw -> normaliser.normalise("email", raw).ifPresent(pool::add));
    PHONES.forEach(raw -> normaliser.normalise("phone", raw).ifPresent(pool::add));
    return pool;
  }

  private static long limit(String type) {
    return RULES.type(type).orElseThrow().limit();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
