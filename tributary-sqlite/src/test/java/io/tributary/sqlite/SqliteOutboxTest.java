package io.tributary.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.delivery.DestinationDefinition;
import io.tributary.core.delivery.EventSelector;
import io.tributary.core.delivery.Outbox;
import io.tributary.core.delivery.RetryPolicy;
import io.tributary.core.delivery.StoredDestination;
import io.tributary.core.delivery.TransportSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.tributary.core.state.StateStore;
import io.tributary.core.testing.OutboxContract;
import io.tributary.jdbc.JdbcStateStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The outbox contract on a real SQLite file. */
class SqliteOutboxTest extends OutboxContract {
  @TempDir Path dir;

  @Override
  protected StateStore openStore() {
    return SqliteStateStore.open(dir.resolve("state.db"), 2);
  }

  @Override
  protected Outbox outboxOf(StateStore store) {
    return ((JdbcStateStore) store).outbox();
  }

  @Override
  protected long sharedPayloadRows() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
        var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM outbox_payloads")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void shouldSkipAStoredDefinitionThisVersionRefusesAndKeepTheOthers() throws Exception {
    // given: one good destination, and a row an earlier version wrote that is no longer valid
    outbox.save(
        new StoredDestination(
            new DestinationDefinition(
                "crm", EventSelector.ALL, null, null, new TransportSpec("http", Map.of("url", "https://crm.example/hook")),
                new DeliveryMode.Realtime(), RetryPolicy.DEFAULT, 0, 16, null),
            StoredDestination.Origin.API, false, T0));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
        var st = c.prepareStatement("INSERT INTO destinations (name, definition, origin, paused, updated_at) VALUES (?, ?, 'API', 0, 0)")) {
      st.setString(1, "legacy");
      st.setString(2, "{\"name\": \"legacy\", \"transport\": {\"type\": \"http\"}, \"retry\": {\"max-age\": \"-5m\"}}");
      st.executeUpdate();
    }
    // when
    var names = outbox.destinations().stream().map(StoredDestination::name).toList();
    // then
    assertThat(names).containsExactly("crm");
  }
}
