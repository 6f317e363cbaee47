package io.tributary.connectors.jdbc;

import io.tributary.connectors.OptionReader;
import io.tributary.core.delivery.Durations;
import io.tributary.core.event.FieldError;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The options of a JDBC destination, as its definition's {@code transport} block gives them.
 *
 * @param url the JDBC URL; {@code jdbc:postgresql:} and {@code jdbc:sqlite:} are supported, others
 *     are accepted when their driver is on the class path and their database understands {@code
 *     INSERT ... ON CONFLICT ... DO UPDATE}
 * @param user null for none, or the driver's default
 * @param password null for none
 * @param table {@code table} or {@code schema.table}, plain SQL identifiers
 * @param key the columns of the table's primary key or of one of its unique constraints: the
 *     conflict target of the upsert
 * @param columns column to payload field, in the order given; empty to write every top-level field
 *     of the payload to the column of its name
 * @param poolSize the most connections open at once, 1 to 100
 * @param connectTimeout how long a send waits for a connection, 250 ms to 10 min
 * @param statementTimeout how long one statement of a send may run (waiting for a lock included)
 *     before it is cancelled and the send retried later, 1 s to 1 h, whole seconds
 */
record JdbcTransportOptions(
    String url,
    String user,
    String password,
    String table,
    List<String> key,
    Map<String, String> columns,
    int poolSize,
    Duration connectTimeout,
    Duration statementTimeout) {
  static final String URL = "url";
  static final String USER = "user";
  static final String PASSWORD = "password";
  static final String TABLE = "table";
  static final String KEY = "key";
  static final String COLUMNS = "columns";
  static final String POOL_SIZE = "pool-size";
  static final String CONNECT_TIMEOUT = "connect-timeout";
  static final String STATEMENT_TIMEOUT = "statement-timeout";
  static final int DEFAULT_POOL_SIZE = 4;
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<String> NAMES =
      Set.of(URL, USER, PASSWORD, TABLE, KEY, COLUMNS, POOL_SIZE, CONNECT_TIMEOUT, STATEMENT_TIMEOUT);
  private static final List<String> SUPPORTED = List.of("jdbc:postgresql:", "jdbc:sqlite:");
  private static final Duration MIN_CONNECT_TIMEOUT = Duration.ofMillis(250);
  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(10);

  JdbcTransportOptions {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(table, "table");
    key = List.copyOf(key);
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(statementTimeout, "statementTimeout");
  }

  /** One error per unknown, missing or invalid option; empty when they are valid. */
  static List<FieldError> check(Map<String, Object> options) {
    return OptionReader.check("jdbc", NAMES, options, JdbcTransportOptions::read);
  }

  /** @throws IllegalArgumentException naming each problem, if {@link #check} finds any */
  static JdbcTransportOptions of(Map<String, Object> options) {
    return OptionReader.read("jdbc", NAMES, options, JdbcTransportOptions::read);
  }

  private static JdbcTransportOptions read(OptionReader options) {
    String url = url(options);
    String user = options.string(USER, false);
    String password = options.string(PASSWORD, false);
    String table = options.string(TABLE, true);
    if (table != null && !Identifiers.isTable(table)) {
      options.error(TABLE, "format:identifier",
          "Expected transport.table to be a table name, optionally schema-qualified, made of letters, digits and"
              + " underscores (" + Identifiers.PATTERN + "), but got '" + table + "'");
    }
    List<String> key = key(options);
    Map<String, String> columns = columns(options);
    for (String column : key) {
      if (!columns.isEmpty() && !columns.containsKey(column)) {
        options.error(KEY, "unknown-column",
            "Expected each key column to be one of transport.columns " + columns.keySet() + ", but '" + column + "' is not");
      }
    }
    int poolSize = poolSize(options);
    Duration connectTimeout = connectTimeout(options);
    Duration statementTimeout = statementTimeout(options);
    if (options.hasErrors()) {
      return null;
    }
    return new JdbcTransportOptions(url, user, password, table, key, columns, poolSize, connectTimeout, statementTimeout);
  }

  /** The URL without its parameters, which may hold credentials: fit for messages and logs. */
  String redactedUrl() {
    int parameters = url.indexOf('?');
    return parameters < 0 ? url : url.substring(0, parameters);
  }

  boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }

  boolean isSqlite() {
    return url.startsWith("jdbc:sqlite:");
  }

  /** Without the password, nor URL parameters. */
  @Override
  public String toString() {
    return "JdbcTransportOptions[url=" + redactedUrl() + ", user=" + user + ", password=" + (password == null ? "none" : "***")
        + ", table=" + table + ", key=" + key + ", columns=" + columns + ", poolSize=" + poolSize
        + ", connectTimeout=" + connectTimeout + ", statementTimeout=" + statementTimeout + "]";
  }

  /** The URL is never quoted back: it may hold credentials. */
  private static String url(OptionReader options) {
    Object value = options.get(URL);
    if (!(value instanceof String url) || !url.startsWith("jdbc:")) {
      options.error(URL, value == null ? "required" : "format:jdbc-url",
          "Expected transport.url to be a JDBC URL such as jdbc:postgresql://host:5432/database or"
              + " jdbc:sqlite:/path/to/file.db, but got " + (value == null ? "none" : OptionReader.jsonType(value) + " not starting with jdbc:"));
      return null;
    }
    if (SUPPORTED.stream().noneMatch(url::startsWith) && !hasDriver(url)) {
      int subprotocolEnd = url.indexOf(':', "jdbc:".length());
      String scheme = subprotocolEnd < 0 ? url : url.substring(0, subprotocolEnd + 1);
      options.error(URL, "driver",
          "Expected a jdbc:postgresql: or jdbc:sqlite: URL, or one whose JDBC driver is on the class path, but no"
              + " driver accepts " + scheme + " URLs");
      return null;
    }
    return url;
  }

  private static boolean hasDriver(String url) {
    try {
      return DriverManager.getDriver(url) != null;
    } catch (SQLException e) {
      return false;
    }
  }

  private static List<String> key(OptionReader options) {
    Object value = options.get(KEY);
    List<?> names = value instanceof String s ? List.of(s) : value instanceof List<?> l ? l : null;
    if (names == null || names.isEmpty()) {
      options.error(KEY, value == null ? "required" : "type:list",
          "Expected transport.key to be the column, or list of columns, of the table's primary key or of a unique"
              + " constraint, but got " + (value == null ? "none" : describe(value)));
      return List.of();
    }
    Set<String> key = new LinkedHashSet<>();
    for (Object name : names) {
      if (!(name instanceof String column) || !Identifiers.isColumn(column)) {
        options.error(KEY, "format:identifier",
            "Expected each key column to be a name made of letters, digits and underscores (" + Identifiers.PATTERN
                + "), but got " + describe(name));
      } else if (!key.add(column)) {
        options.error(KEY, "unique", "Expected each key column once, but '" + column + "' came twice");
      }
    }
    return List.copyOf(key);
  }

  private static Map<String, String> columns(OptionReader options) {
    Object value = options.get(COLUMNS);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
      options.error(COLUMNS, "type:object",
          "Expected transport.columns to be an object from column name to payload field, but got " + describe(value));
      return Map.of();
    }
    Map<String, String> columns = new LinkedHashMap<>();
    for (var e : map.entrySet()) {
      String column = e.getKey().toString();
      String path = COLUMNS + "." + column;
      if (!Identifiers.isColumn(column)) {
        options.error(path, "format:identifier",
            "Expected a column name made of letters, digits and underscores (" + Identifiers.PATTERN + "), but got '"
                + column + "'");
      } else if (!(e.getValue() instanceof String field) || field.isEmpty()) {
        options.error(path, "type:string", "Expected the name of a top-level field of the payload, but got " + describe(e.getValue()));
      } else {
        columns.put(column, field);
      }
    }
    return columns;
  }

  private static int poolSize(OptionReader options) {
    Object value = options.get(POOL_SIZE);
    if (value == null) {
      return DEFAULT_POOL_SIZE;
    }
    if (value instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= 1 && n.longValue() <= 100) {
      return n.intValue();
    }
    options.error(POOL_SIZE, "range:1-100", "Expected transport.pool-size to be a whole number from 1 to 100, but got " + describe(value));
    return DEFAULT_POOL_SIZE;
  }

  private static Duration connectTimeout(OptionReader options) {
    return duration(options, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT,
        d -> d.compareTo(MIN_CONNECT_TIMEOUT) >= 0 && d.compareTo(MAX_CONNECT_TIMEOUT) <= 0, "a duration from 250ms to 10m, like 10s");
  }

  private static Duration statementTimeout(OptionReader options) {
    return duration(options, STATEMENT_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT,
        d -> d.compareTo(Duration.ofSeconds(1)) >= 0 && d.compareTo(Duration.ofHours(1)) <= 0 && d.toMillis() % 1000 == 0,
        "a whole number of seconds from 1s to 1h, like 30s");
  }

  /** A duration option: its default when absent, else checked by {@code valid}, {@code expected} naming the rule. */
  private static Duration duration(
      OptionReader options, String name, Duration absent, java.util.function.Predicate<Duration> valid, String expected) {
    Object value = options.get(name);
    if (value == null) {
      return absent;
    }
    Duration parsed = null;
    if (value instanceof String s) {
      try {
        parsed = Durations.parse(s);
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    if (parsed == null || !valid.test(parsed)) {
      options.error(name, "format:duration", "Expected transport." + name + " to be " + expected + ", but got " + describe(value));
      return absent;
    }
    return parsed;
  }

  /** A value, for a message about an option that cannot hold a secret. */
  private static String describe(Object value) {
    return switch (value) {
      case String s -> s.isEmpty() ? "an empty string" : "'" + s + "'";
      case Number n -> n.toString();
      case Boolean b -> b.toString();
      default -> OptionReader.jsonType(value);
    };
  }
}
