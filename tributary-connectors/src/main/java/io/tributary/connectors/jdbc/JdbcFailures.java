package io.tributary.connectors.jdbc;

import io.tributary.core.delivery.SendResult;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sqlite.SQLiteException;

/**
 * What a failed write means, decided here once for every database. Retried later: a lost or
 * refused connection (SQLState class 08), a serialization failure or deadlock (40001, 40P01), a
 * server shutting down (57P01), and anything not classified. Not retried, because the same rows
 * will fail again: a constraint violation (class 23), a value the column cannot hold (class 22,
 * 42804), a table, column or conflict target that does not exist (42P01, 42703, 42P10), and
 * SQLite's equivalents.
 *
 * <p>The response is the database's message. Messages of class 22 can quote the value, which is
 * part of the payload, so theirs is left out; PostgreSQL connections are opened without server
 * error details ({@code logServerErrorDetail=false}), which repeat rows and keys.
 */
final class JdbcFailures {
  private static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01", "57P01");
  private static final Set<String> REJECTED_STATES = Set.of("42P01", "42703", "42P10", "42804");
  /** SQLite's primary result codes for a constraint violation, a value too big, a type mismatch. */
  private static final Set<Integer> REJECTED_SQLITE_CODES = Set.of(19, 18, 20);
  private static final List<String> REJECTED_SQLITE_MESSAGES =
      List.of("no such table", "no such column", "has no column named", "does not match any primary key or unique");
  private static final int MAX_MESSAGE = 500;

  private JdbcFailures() {}

  static SendResult of(SQLException failure) {
    List<SQLException> chain = chain(failure);
    SQLException root = chain.getLast();
    boolean badValue = chain.stream().anyMatch(e -> stateClass(e, "22") || sqliteCode(e) == 20);
    String response = "jdbc: " + (root.getSQLState() == null ? "" : "SQLState " + root.getSQLState() + ": ")
        + (badValue ? "a value of the payload does not suit its column (the database's message is left out, as it may quote the value)" : message(root));
    if (chain.stream().anyMatch(e -> stateClass(e, "08") || state(e, RETRYABLE_STATES))) {
      return SendResult.retry(response);
    }
    if (badValue || chain.stream().anyMatch(JdbcFailures::rejected)) {
      return SendResult.reject(response);
    }
    return SendResult.retry(response);
  }

  private static boolean rejected(SQLException e) {
    if (stateClass(e, "23") || state(e, REJECTED_STATES)) {
      return true;
    }
    if (!(e instanceof SQLiteException)) {
      return false;
    }
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return REJECTED_SQLITE_CODES.contains(sqliteCode(e)) || REJECTED_SQLITE_MESSAGES.stream().anyMatch(message::contains);
  }

  private static boolean state(SQLException e, Set<String> states) {
    return e.getSQLState() != null && states.contains(e.getSQLState());
  }

  private static boolean stateClass(SQLException e, String stateClass) {
    return e.getSQLState() != null && e.getSQLState().startsWith(stateClass);
  }

  /** The primary result code of a SQLite failure, -1 for other databases'. */
  private static int sqliteCode(SQLException e) {
    return e instanceof SQLiteException ? e.getErrorCode() & 0xff : -1;
  }

  private static String message(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
  }

  /**
   * The failure and the SQL exceptions it leads to, as cause or as next exception of a batch,
   * breadth first: the last is the most specific.
   */
  private static List<SQLException> chain(SQLException failure) {
    List<SQLException> seen = new ArrayList<>();
    Deque<SQLException> todo = new ArrayDeque<>(List.of(failure));
    while (!todo.isEmpty() && seen.size() < 16) {
      SQLException e = todo.pop();
      if (seen.contains(e)) {
        continue;
      }
      seen.add(e);
      if (e.getNextException() != null) {
        todo.add(e.getNextException());
      }
      if (e.getCause() instanceof SQLException cause) {
        todo.add(cause);
      }
    }
    return seen;
  }
}
