package io.tributary.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UpsertStatementTest {

  @Test
  void shouldUpdateEveryColumnButTheKeyOnConflict() {
    assertThat(UpsertStatement.sql("crm.customers", List.of("tenant", "id"), List.of("tenant", "id", "email", "order")))
        .isEqualTo("INSERT INTO \"crm\".\"customers\" (\"tenant\", \"id\", \"email\", \"order\") VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (\"tenant\", \"id\") DO UPDATE SET \"email\" = excluded.\"email\", \"order\" = excluded.\"order\"");
  }

  @Test
  void shouldDoNothingOnConflictForARowOfKeyColumnsOnly() {
    assertThat(UpsertStatement.sql("seen", List.of("id"), List.of("id")))
        .isEqualTo("INSERT INTO \"seen\" (\"id\") VALUES (?) ON CONFLICT (\"id\") DO NOTHING");
  }

  @Test
  void shouldRefuseANameThatIsNotAPlainIdentifier() {
    assertThatThrownBy(() -> UpsertStatement.sql("t", List.of("id"), List.of("id", "a\" = 1; --")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
