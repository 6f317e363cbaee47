package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real PostgreSQL server: started, used over JDBC, restarted with its data, removed. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PostgresServerTest {
  private static PostgresServer server;

  @BeforeAll
  static void startServer() {
    server = PostgresServer.start();
  }

  @AfterAll
  static void closeServer() {
    server.close();
  }

  private static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, PostgresServer.USER, "");
  }

  @Test
  void shouldKeepCommittedRowsAcrossARestartOnTheSamePort() throws Exception {
    // given: a committed row in a fresh database
    String url = server.createDatabase("restart_test");
    int port = server.port();
    Connection before = connect(url);
    try (Statement st = before.createStatement()) {
      st.execute("CREATE TABLE kept (n INTEGER PRIMARY KEY)");
      st.execute("INSERT INTO kept VALUES (42)");
    }
    // when
    server.restart();
    // then: the old connection is broken, a new one finds the row on the same port
    try (Statement st = before.createStatement()) {
      assertThatThrownBy(() -> st.executeQuery("SELECT n FROM kept")).isInstanceOf(SQLException.class);
    } finally {
      before.close();
    }
    assertThat(server.port()).isEqualTo(port);
    try (Connection after = connect(url);
        Statement st = after.createStatement();
        ResultSet rs = st.executeQuery("SELECT n FROM kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(42);
    }
  }

  @Test
  void shouldRefuseConnectionsWhileStoppedAndAcceptThemAfterARestart() throws Exception {
    // given
    String url = server.createDatabase("stop_test");
    // when
    server.stop();
    // then
    assertThatThrownBy(() -> connect(url).close()).isInstanceOf(SQLException.class);
    server.restart();
    try (Connection c = connect(url)) {
      assertThat(c.isValid(5)).isTrue();
    }
  }

  @Test
  void shouldGiveEachDatabaseItsOwnTables() throws Exception {
    String first = server.createDatabase("first_db");
    String second = server.createDatabase("second_db");
    try (Connection c = connect(first);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE only_here (n INTEGER)");
    }
    try (Connection c = connect(second);
        Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.executeQuery("SELECT n FROM only_here")).isInstanceOf(SQLException.class);
    }
    assertThatThrownBy(() -> server.createDatabase("Bad-Name")).isInstanceOf(IllegalArgumentException.class);
  }
}
