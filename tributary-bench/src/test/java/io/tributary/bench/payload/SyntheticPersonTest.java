package io.tributary.bench.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticPersonTest {

  @Test
  void shouldDescribeAnObviouslySyntheticPerson() {
    SyntheticPerson person = SyntheticPerson.of(123, 42);

    assertThat(person.userId()).isEqualTo("user-123");
    assertThat(person.email()).isEqualTo("user123@example.com");
    assertThat(person.name()).endsWith(" Example 123");
    assertThat(person.phone()).matches("\\+1[2-9]\\d{2}55501\\d{2}");
  }

  @Test
  void shouldGiveTenThousandPeopleDistinctIdentifiers() {
    Set<String> phones = new HashSet<>();
    Set<String> anonymousIds = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      SyntheticPerson person = SyntheticPerson.of(i, 42);
      phones.add(person.phone());
      anonymousIds.add(person.anonymousId());
    }

    assertThat(phones).hasSize(10_000);
    assertThat(anonymousIds).hasSize(10_000);
  }

  @Test
  void shouldBeReproducibleForTheSameSeed() {
    assertThat(SyntheticPerson.of(7, 1)).isEqualTo(SyntheticPerson.of(7, 1));
    assertThat(SyntheticPerson.of(7, 1).anonymousId())
        .isNotEqualTo(SyntheticPerson.of(7, 2).anonymousId());
  }
}
