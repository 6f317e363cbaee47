package io.tributary.server.config;

import io.tributary.core.identity.IdentifierTypeSpec;
import io.tributary.core.identity.IdentityRules;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry: every setting of the hub, each defined once with key, type, default, documentation
 * and validation. {@code docs/configuration.md} is generated from it by {@link ConfigurationDocs}.
 *
 * <p>To add a setting: define it here, add it to {@link #all()}, add its component to the option
 * record that carries it, read it in {@code ConfigLoader}, and regenerate the docs.
 */
public final class Settings {

  /** The prefix of every environment variable the configuration reads. */
  public static final String ENV_PREFIX = "TRIBUTARY_";

  /**
   * {@code TRIBUTARY_*} variables that the launcher script uses and that are therefore not
   * unknown settings.
   */
  public static final Set<String> LAUNCHER_ENV_VARS = Set.of("TRIBUTARY_JAVA_OPTS", "TRIBUTARY_HOME");

  private static final Set<String> ISO_REGIONS = Set.of(Locale.getISOCountries());

  private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

  /** A Kafka broker's address: a host name, an IPv4 address or an IPv6 one in brackets, a port. */
  private static final Pattern HOST_PORT =
      Pattern.compile("(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9][A-Za-z0-9._-]*):([0-9]{1,5})");

  /** Kafka's rule for topic names, less the two it forbids besides: {@code .} and {@code ..}. */
  private static final Pattern KAFKA_TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private static final String POSTGRES_URL_PREFIX = "jdbc:postgresql://";

  /** See {@link HttpOptions#host()}. */
  public static final Setting<String> HTTP_HOST =
      Setting.define("http.host", StringType.token("a host name or IP address without whitespace"))
          .withDefault("0.0.0.0")
          .withDocumentation(
              "The address the HTTP API (ingest, profiles, console, metrics) listens on."
                  + " `0.0.0.0` listens on every interface, `127.0.0.1` on this machine only.");

  /** See {@link HttpOptions#port()}. */
  public static final Setting<Integer> HTTP_PORT =
      Setting.define("http.port", IntegerType.between(0, 65535))
          .withDefault(8088)
          .withDocumentation(
              "The TCP port the HTTP API listens on. `0` picks a free port, which the server logs"
                  + " at start.");

  /** See {@link DataOptions#dir()}. */
  public static final Setting<Path> DATA_DIR =
      Setting.define("data.dir", new PathType())
          .withDefault(Path.of("./data"))
          .withDocumentation(
              "The directory of the embedded event log and state store, and of the generated"
                  + " admin token. Created if missing; a relative path is resolved against the"
                  + " working directory.");

  /** See {@link StorageOptions#mode()}. */
  public static final Setting<StorageMode> STORAGE_MODE =
      Setting.define("storage.mode", new EnumType<>(StorageMode.class, StorageMode::spelling))
          .withDefault(StorageMode.EMBEDDED)
          .withDocumentation(
              "Where the hub keeps its event log and its state. `embedded` keeps both in SQLite"
                  + " files in `data.dir`, for one instance, and needs nothing else."
                  + " `kafka+postgres` keeps the log on a Kafka topic and the state in one"
                  + " PostgreSQL database, shared by several instances; it needs"
                  + " `kafka.bootstrap-servers` and `postgres.url`. In `embedded` mode the"
                  + " `kafka.*` and `postgres.*` settings are ignored, so they may stay set.");

  /** See {@link KafkaOptions#bootstrapServers()}. */
  public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS =
      Setting.define(
              "kafka.bootstrap-servers",
              StringType.of("a comma-separated list of host:port such as"
                  + " kafka-1:9092,kafka-2:9092", Settings::isHostPortList))
          .withDocumentation(
              "The Kafka brokers the hub connects to first, to find the whole cluster. One"
                  + " reachable broker is enough; listing several lets the hub start while one"
                  + " is down. Required when `storage.mode` is `kafka+postgres`.");

  /** See {@link KafkaOptions#topic()}. */
  public static final Setting<String> KAFKA_TOPIC =
      Setting.define(
              "kafka.topic",
              StringType.of("a Kafka topic name of 1 to 249 letters, digits, '.', '_' or '-'"
                  + " (not '.' or '..')", Settings::isKafkaTopicName))
          .withDefault("tributary-events")
          .withDocumentation(
              "The topic of the event log. The hub creates it at start when it is missing, with"
                  + " `kafka.partitions` and `kafka.replication-factor`.");

  /** See {@link KafkaOptions#partitions()}. */
  public static final Setting<Integer> KAFKA_PARTITIONS =
      Setting.define("kafka.partitions", IntegerType.between(1, 10_000))
          .withDefault(12)
          .withDocumentation(
              "The partitions of the topic, used only when the hub creates it: an existing topic"
                  + " keeps its own. Their number is the most instances that can process events"
                  + " in parallel.");

  /** See {@link KafkaOptions#replicationFactor()}. */
  public static final Setting<Short> KAFKA_REPLICATION_FACTOR =
      Setting.define(
              "kafka.replication-factor", IntegerType.shortBetween((short) 1, Short.MAX_VALUE))
          .withDocumentation(
              "The copies of each partition, used only when the hub creates the topic. When"
                  + " unset, the broker's `default.replication.factor` applies.");

  /** See {@link KafkaOptions#groupId()}. */
  public static final Setting<String> KAFKA_GROUP_ID =
      Setting.define("kafka.group-id", StringType.token("a group id without whitespace"))
          .withDefault("tributary")
          .withDocumentation(
              "The consumer group that all instances of the hub share, so that they divide the"
                  + " topic's partitions between them. Hubs that share a Kafka cluster need"
                  + " different groups and topics.");

  /** See {@link KafkaOptions#clientId()}. */
  public static final Setting<String> KAFKA_CLIENT_ID =
      Setting.define("kafka.client-id", StringType.token("a client id without whitespace"))
          .withDocumentation(
              "This instance's name towards Kafka, as the brokers' logs and metrics show it, and"
                  + " its static member id in the consumer group: each instance needs its own, and"
                  + " should keep it across restarts (a StatefulSet's pod name, say), so that an"
                  + " instance restarted after a crash takes over its partitions at once instead"
                  + " of after the group's session timeout. Two instances with the same id fence"
                  + " each other. When unset, the machine's host name, or `tributary` if it cannot"
                  + " be resolved.");

  /** See {@link PostgresOptions#url()}. */
  public static final Setting<String> POSTGRES_URL =
      Setting.define(
              "postgres.url",
              StringType.url("a JDBC URL starting with " + POSTGRES_URL_PREFIX + " such as"
                  + " jdbc:postgresql://db:5432/tributary", Settings::isPostgresUrl))
          .withDocumentation(
              "The JDBC URL of the PostgreSQL database that keeps the state, e.g."
                  + " `jdbc:postgresql://db:5432/tributary`. Required when `storage.mode` is"
                  + " `kafka+postgres`. Give the password in `postgres.password` rather than in"
                  + " the URL; error messages leave out the URL's user information and query.");

  /** See {@link PostgresOptions#user()}. */
  public static final Setting<String> POSTGRES_USER =
      Setting.define("postgres.user", StringType.token("a user name without whitespace"))
          .withDefault("tributary")
          .withDocumentation("The database user the hub connects as.");

  /** See {@link PostgresOptions#password()}. */
  public static final Setting<String> POSTGRES_PASSWORD =
      Setting.define(
              "postgres.password", StringType.secret("a non-empty string", s -> !s.isEmpty()))
          .withDocumentation(
              "The password of `postgres.user`; leave it unset when the database asks for none."
                  + " Never shown in error messages or logs.");

  /** See {@link PostgresOptions#poolSize()}. */
  public static final Setting<Integer> POSTGRES_POOL_SIZE =
      Setting.define("postgres.pool-size", IntegerType.between(1, 200))
          .withDefault(8)
          .withDocumentation(
              "The connections an instance keeps for the API's reads; the processor and the"
                  + " delivery bookkeeping use one more each. Each instance thus needs"
                  + " `postgres.pool-size` + 2 of the database's `max_connections`.");

  /** See {@link AdminOptions#token()}. */
  public static final Setting<String> ADMIN_TOKEN =
      Setting.define("admin.token", StringType.secret(16))
          .withDocumentation(
              "The bearer token of the admin API and console. When unset, the server generates"
                  + " one at first start and stores it in `data.dir`. Never shown in error"
                  + " messages or logs.");

  /** See {@link TributaryConfig#sources()}. */
  public static final Setting<List<SourceOptions>> SOURCES =
      Setting.define("sources", new SourcesType())
          .withDefault(List.of())
          .withDocumentation(
              "The sources that may send events. When empty, the server creates a demo source at"
                  + " first start. In the environment variable, besides YAML flow syntax, the"
                  + " compact form `id=write-key,id=write-key` (without names) is accepted.")
          .withEnvExamples(
              "web=wk_web_0123456789,app=wk_app_0123456789",
              "[{id: web, write-key: wk_web_0123456789, name: Web shop}]");

  /** See {@link TributaryConfig#destinations()}. */
  public static final Setting<List<io.tributary.core.delivery.DestinationDefinition>> DESTINATIONS =
      Setting.define("destinations", new DestinationsType())
          .withDefault(List.of())
          .withDocumentation(
              "Destinations defined in this file: what each receives, in which shape and over which"
                  + " transport. docs/destinations.md describes a definition; the admin API takes the"
                  + " same document. Destinations defined here can be paused and resumed through the API,"
                  + " not changed or deleted; one removed from this file is deleted with its outbox at"
                  + " the next start.")
          .withEnvExamples("[{name: crm, transport: {type: http, url: 'https://crm.example/hook'}}]");

  /** See {@link IngestOptions#maxEventBytes()}. */
  public static final Setting<Integer> INGEST_MAX_EVENT_BYTES =
      Setting.define("ingest.max-event-bytes", IntegerType.between(1024, MAX_BODY_BYTES))
          .withDefault(32 * 1024)
          .withDocumentation(
              "The largest single event accepted, in bytes of JSON; a larger event is rejected"
                  + " with 400. At most `ingest.max-batch-bytes`.");

  /** See {@link IngestOptions#maxBatchBytes()}. */
  public static final Setting<Integer> INGEST_MAX_BATCH_BYTES =
      Setting.define("ingest.max-batch-bytes", IntegerType.between(1024, MAX_BODY_BYTES))
          .withDefault(512_000)
          .withDocumentation(
              "The largest request body accepted by the ingest endpoints, in bytes; a larger"
                  + " request is rejected with 413.");

  /** See {@link IngestOptions#maxPendingEvents()}. */
  public static final Setting<Integer> INGEST_MAX_PENDING_EVENTS =
      Setting.define("ingest.max-pending-events", IntegerType.atLeast(1))
          .withDefault(100_000)
          .withDocumentation(
              "Backpressure bound of the log: how many events may be accepted over HTTP but not"
                  + " yet durable. Beyond it, ingest answers with `Retry-After` instead of"
                  + " buffering more, which bounds memory under load.");

  /** See {@link IngestOptions#maxProcessingLag()}. */
  public static final Setting<Long> INGEST_MAX_PROCESSING_LAG =
      Setting.define("ingest.max-processing-lag", IntegerType.longAtLeast(1))
          .withDefault(1_000_000L)
          .withDocumentation(
              "When the processor is this many events behind the end of the log, ingest answers"
                  + " 429 with `Retry-After`, so that senders slow down before profiles fall far"
                  + " behind.");

  /** See {@link IngestOptions#retryAfterSeconds()}. */
  public static final Setting<Integer> INGEST_RETRY_AFTER_SECONDS =
      Setting.define("ingest.retry-after-seconds", IntegerType.between(1, 3600))
          .withDefault(1)
          .withDocumentation(
              "The `Retry-After` header, in seconds, of ingest answers that ask the sender to"
                  + " retry (429 and 503).");

  /** See {@link LogOptions#groupCommitMaxEvents()}. */
  public static final Setting<Integer> LOG_GROUP_COMMIT_MAX_EVENTS =
      Setting.define("log.group-commit-max-events", IntegerType.atLeast(1))
          .withDefault(10_000)
          .withDocumentation(
              "The most events one durable write of the log takes. Concurrent appends share one"
                  + " write (and one fsync) up to this many events.");

  /** See {@link LogOptions#retentionHours()}. */
  public static final Setting<Integer> LOG_RETENTION_HOURS =
      Setting.define("log.retention-hours", IntegerType.atLeast(0))
          .withDefault(0)
          .withDocumentation(
              "How long the embedded log keeps an event after it was received, in hours; `0` keeps"
                  + " every event for ever. Older events are discarded once the processor has"
                  + " applied them (never before), checked every minute. Profiles, identities and"
                  + " their computed traits stay; what goes is the event's full record: a rebuild of"
                  + " the state from the log starts at the oldest event kept, and the profile"
                  + " timeline shows older events without their properties, traits and context."
                  + " Refused in kafka+postgres mode, where the topic's own `retention.ms` applies.");

  /** See {@link LogOptions#retentionDropsTimeline()}. */
  public static final Setting<Boolean> LOG_RETENTION_DROPS_TIMELINE =
      Setting.define("log.retention-drops-timeline", new BooleanType())
          .withDefault(false)
          .withDocumentation(
              "Whether `log.retention-hours` also deletes the profile timeline rows of the events"
                  + " it discards. `false` keeps them, without their properties, traits and"
                  + " context (`\"expired\": true` in the timeline API), so a profile's history stays"
                  + " complete while the state store grows with every event; `true` deletes them"
                  + " too (250 per transaction, oldest first), and the state store stops growing"
                  + " with the event volume once `processor.dedup-window-hours` is set as well."
                  + " Profiles, identities and computed traits stay either way. Refused in"
                  + " kafka+postgres mode, which has no log retention of its own.");

  /** See {@link LogOptions#synchronous()}. */
  public static final Setting<LogSynchronous> LOG_SYNCHRONOUS =
      Setting.define("log.synchronous", new EnumType<>(LogSynchronous.class))
          .withDefault(LogSynchronous.FULL)
          .withDocumentation(
              "How hard the embedded log waits for the disk. `FULL` fsyncs every commit: an"
                  + " event answered 2xx survives a power loss. `NORMAL` is faster and safe"
                  + " against a crash of the process, but **a power loss or operating-system crash"
                  + " can lose the last commits, although they were answered 2xx**.");

  /** See {@link ProcessorOptions#batchSize()}. */
  public static final Setting<Integer> PROCESSOR_BATCH_SIZE =
      Setting.define("processor.batch-size", IntegerType.atLeast(1))
          .withDefault(1000)
          .withDocumentation(
              "The most events the processor applies in one state transaction. Larger batches"
                  + " raise throughput; smaller ones make each event visible sooner.");

  /** See {@link ProcessorOptions#dedupWindowHours()}. */
  public static final Setting<Integer> PROCESSOR_DEDUP_WINDOW_HOURS =
      Setting.define("processor.dedup-window-hours", IntegerType.atLeast(0))
          .withDefault(0)
          .withDocumentation(
              "How long the id of a processed message is remembered to recognise a resend, in"
                  + " hours; `0` remembers every id for ever. A message sent again by the same"
                  + " source with the same `messageId` within the window is a duplicate and"
                  + " skipped; after it, it is processed as a new message. Segment keeps at least"
                  + " 24 hours. Ids received longer ago are forgotten, the oldest first, checked"
                  + " every minute; the profiles, identities and timelines their messages built"
                  + " stay. The window is measured back from the newest event the processor has"
                  + " applied (or from now, if earlier), so a replay of a backlog or a rebuild from"
                  + " the log decides duplicates as live processing did. Without a window the"
                  + " state store keeps one row per message for ever.");

  /** See {@link IdentityRules#defaultPhoneRegion()}. */
  public static final Setting<String> IDENTITY_DEFAULT_PHONE_REGION =
      Setting.define(
              "identity.default-phone-region",
              StringType.of("an ISO 3166-1 alpha-2 region code such as US or DE",
                  ISO_REGIONS::contains))
          .withDefault("US")
          .withDocumentation(
              "The region in which phone numbers written without a country code are parsed.");

  /** See {@link IdentityRules#types()}. */
  public static final Setting<List<IdentifierTypeSpec>> IDENTITY_TYPES =
      Setting.define(
              "identity.types", ListType.of(new IdentifierTypeSpecType(), "identifier types"))
          .withDefault(IdentityRules.defaults().types())
          .withDocumentation(
              "The identifier types identity resolution links events and profiles by. A"
                  + " configured list replaces the default one as a whole; `user_id` and"
                  + " `anonymous_id` must be in it, and names and priorities are unique.")
          .withEnvExamples(
              "[{name: user_id, priority: 1}, {name: email, priority: 2, limit: 5,"
                  + " normalisation: EMAIL, trait-keys: [email]},"
                  + " {name: anonymous_id, priority: 10, limit: 100}]");

  /** Shorthand that adds identifier types to {@link #IDENTITY_TYPES}. */
  public static final Setting<List<String>> IDENTITY_EXTERNAL_IDS =
      Setting.define(
              "identity.external-ids",
              ListType.of(StringType.token("a name in lower snake case"), "names").distinct())
          .withDefault(List.of())
          .withDocumentation(
              "Shorthand for the ids of back-office systems, e.g. `[crm_id, erp_customer_no]`."
                  + " Each name adds an identifier type with limit 1, normalisation `NONE`, the"
                  + " common blocked values and the name as its trait key. They get the free"
                  + " priorities after `phone` and before `anonymous_id`, in list order: 4, 5, ..."
                  + " with the default types, which leaves room for six. A name must not already"
                  + " be a type; give types that need other rules entries in `identity.types`.")
          .withEnvExamples("[crm_id, erp_customer_no]");

  /** See {@link MetricsOptions#enabled()}. */
  public static final Setting<Boolean> METRICS_ENABLED =
      Setting.define("metrics.enabled", new BooleanType())
          .withDefault(true)
          .withDocumentation("Whether metrics are collected and served in Prometheus format.");

  private static final List<Setting<?>> ALL =
      List.of(
          HTTP_HOST,
          HTTP_PORT,
          DATA_DIR,
          STORAGE_MODE,
          KAFKA_BOOTSTRAP_SERVERS,
          KAFKA_TOPIC,
          KAFKA_PARTITIONS,
          KAFKA_REPLICATION_FACTOR,
          KAFKA_GROUP_ID,
          KAFKA_CLIENT_ID,
          POSTGRES_URL,
          POSTGRES_USER,
          POSTGRES_PASSWORD,
          POSTGRES_POOL_SIZE,
          ADMIN_TOKEN,
          SOURCES,
          DESTINATIONS,
          INGEST_MAX_EVENT_BYTES,
          INGEST_MAX_BATCH_BYTES,
          INGEST_MAX_PENDING_EVENTS,
          INGEST_MAX_PROCESSING_LAG,
          INGEST_RETRY_AFTER_SECONDS,
          LOG_GROUP_COMMIT_MAX_EVENTS,
          LOG_SYNCHRONOUS,
          LOG_RETENTION_HOURS,
          LOG_RETENTION_DROPS_TIMELINE,
          PROCESSOR_BATCH_SIZE,
          PROCESSOR_DEDUP_WINDOW_HOURS,
          IDENTITY_DEFAULT_PHONE_REGION,
          IDENTITY_TYPES,
          IDENTITY_EXTERNAL_IDS,
          METRICS_ENABLED);

  private static final Map<String, Setting<?>> BY_KEY = index(ALL);

  private static final Map<String, Setting<?>> BY_ENV_NAME = indexByEnvName(ALL);

  private Settings() {}

  /** Every setting, in the order the docs list them. */
  public static List<Setting<?>> all() {
    return ALL;
  }

  static Optional<Setting<?>> byKey(String key) {
    return Optional.ofNullable(BY_KEY.get(key));
  }

  static Optional<Setting<?>> byEnvName(String name) {
    return Optional.ofNullable(BY_ENV_NAME.get(name));
  }

  /** Whether {@code prefix} is a section that holds settings, e.g. {@code ingest}. */
  static boolean isSection(String prefix) {
    return ALL.stream().anyMatch(s -> s.key().startsWith(prefix + "."));
  }

  /**
   * The names one level below {@code prefix} ({@code ""} for the top level), e.g. {@code host,
   * port} below {@code http}.
   */
  static List<String> namesBelow(String prefix) {
    Set<String> names = new LinkedHashSet<>();
    for (Setting<?> setting : ALL) {
      String rest = prefix.isEmpty() ? setting.key() : strip(setting.key(), prefix + ".");
      if (rest != null) {
        int dot = rest.indexOf('.');
        names.add(dot < 0 ? rest : rest.substring(0, dot));
      }
    }
    return List.copyOf(names);
  }

  /** Whether {@code value} is {@code host:port[,host:port...]}, each port from 1 to 65535. */
  private static boolean isHostPortList(String value) {
    for (String address : value.split(",", -1)) {
      Matcher matcher = HOST_PORT.matcher(address);
      if (!matcher.matches()) {
        return false;
      }
      int port = Integer.parseInt(matcher.group(1));
      if (port < 1 || port > 65535) {
        return false;
      }
    }
    return true;
  }

  private static boolean isKafkaTopicName(String name) {
    return KAFKA_TOPIC_NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
  }

  private static boolean isPostgresUrl(String url) {
    return url.startsWith(POSTGRES_URL_PREFIX) && url.length() > POSTGRES_URL_PREFIX.length()
        && StringType.isToken(url);
  }

  private static String strip(String key, String prefix) {
    return key.startsWith(prefix) ? key.substring(prefix.length()) : null;
  }

  private static Map<String, Setting<?>> index(List<Setting<?>> settings) {
    Map<String, Setting<?>> byKey = new HashMap<>();
    for (Setting<?> setting : settings) {
      if (setting.documentation().isBlank()) {
        throw new IllegalStateException("Setting " + setting.key() + " has no documentation");
      }
      if (byKey.put(setting.key(), setting) != null) {
        throw new IllegalStateException("Setting " + setting.key() + " is defined twice");
      }
    }
    for (String key : byKey.keySet()) {
      for (String other : byKey.keySet()) {
        if (other.startsWith(key + ".")) {
          // A YAML key cannot be both a value and a section.
          throw new IllegalStateException("Setting " + key + " is a prefix of " + other);
        }
      }
    }
    return Map.copyOf(byKey);
  }

  private static Map<String, Setting<?>> indexByEnvName(List<Setting<?>> settings) {
    Map<String, Setting<?>> byName = new HashMap<>();
    for (Setting<?> setting : settings) {
      Setting<?> other = byName.put(setting.envName(), setting);
      if (other != null || LAUNCHER_ENV_VARS.contains(setting.envName())) {
        throw new IllegalStateException(
            "Settings " + setting.key() + " and " + other + " share " + setting.envName());
      }
    }
    return Map.copyOf(byName);
  }
}
