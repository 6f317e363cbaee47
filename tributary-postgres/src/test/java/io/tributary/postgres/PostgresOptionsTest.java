package io.tributary.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostgresOptionsTest {

  @Test
  void shouldKeepCredentialsOutOfItsTextForm() {
    var options = PostgresOptions.of("jdbc:postgresql://db:5432/hub?password=url-secret", "hub", "secret");
    assertThat(options.toString()).contains("jdbc:postgresql://db:5432/hub", "hub").doesNotContain("secret");
  }

  @Test
  void shouldRefuseSettingsOutOfRange() {
    assertThatThrownBy(() -> PostgresOptions.of("jdbc:sqlite:state.db", "hub", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql:");
    assertThatThrownBy(() -> new PostgresOptions("jdbc:postgresql://db/hub", "hub", null, 0, Duration.ofSeconds(5)))
        .hasMessageContaining("readConnections");
    assertThatThrownBy(() -> new PostgresOptions("jdbc:postgresql://db/hub", "hub", null, 4, Duration.ofMillis(10)))
        .hasMessageContaining("connectTimeout");
  }
}
