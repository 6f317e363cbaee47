package io.tributary.bench.payload;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Builds Segment-spec events a web shop would send: {@code track} "Product Viewed" and "Order
 * Completed", {@code identify} with contact traits, and {@code page}. Typical events render to
 * 400..700 bytes of JSON.
 *
 * <p>Every event carries the person's {@code anonymousId}; most also carry the {@code userId}, and
 * some pages are anonymous only, so identity resolution has links to make. Each event's {@code
 * messageId} is the {@link #MESSAGE_ID_PLACEHOLDER}, replaced per send by {@link
 * BatchTemplate#stamp}. When asked to, every event also carries {@code context.sent_at_us}, the
 * wall-clock time it was sent in microseconds since the epoch, likewise stamped per send: a
 * receiver downstream of the hub (a webhook) measures the event's whole way through with it.
 */
public final class RetailEvents {

  /** Fixed-width stand-in for the message id; as long as a stamped id. */
  public static final String MESSAGE_ID_PLACEHOLDER = "@".repeat(BatchTemplate.MESSAGE_ID_LENGTH);

  /** The context field that carries the send time, in microseconds since the epoch. */
  public static final String SENT_AT_FIELD = "sent_at_us";

  /**
   * Stand-in for the send time: a JSON string as wide as the number that replaces it plus its
   * quotes, so the stamped number keeps the body's length (padded with spaces after it).
   */
  public static final String SENT_AT_PLACEHOLDER = "#".repeat(BatchTemplate.SENT_AT_WIDTH - 2);

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static final String USER_AGENT =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0"
          + " Safari/537.36";

  private static final String[] CITIES = {"Springfield", "Riverton", "Lakeside", "Hillcrest"};

  private final SplittableRandom random;
  private final Instant timestamp;
  private final boolean sentAt;

  /**
   * @param random source of every choice; the same seed yields the same events
   * @param timestamp the {@code timestamp} all events carry
   */
  public RetailEvents(SplittableRandom random, Instant timestamp) {
    this(random, timestamp, false);
  }

  /**
   * @param random source of every choice; the same seed yields the same events
   * @param timestamp the {@code timestamp} all events carry
   * @param sentAt whether events carry the {@link #SENT_AT_PLACEHOLDER} in {@code
   *     context.sent_at_us}
   */
  public RetailEvents(SplittableRandom random, Instant timestamp, boolean sentAt) {
    this.random = Objects.requireNonNull(random, "random");
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    this.sentAt = sentAt;
  }

  /**
   * Returns one event about {@code person}: 40 % Product Viewed, 30 % page, 15 % Order Completed,
   * 15 % identify.
   */
  public ObjectNode next(SyntheticPerson person) {
    Objects.requireNonNull(person, "person");
    int dice = random.nextInt(100);
    if (dice < 40) {
      return productViewed(person);
    } else if (dice < 70) {
      return page(person, random.nextInt(10) < 7);
    } else if (dice < 85) {
      return orderCompleted(person);
    }
    return identify(person);
  }

  /** A {@code track} "Product Viewed" event. */
  public ObjectNode productViewed(SyntheticPerson person) {
    Catalog.Product product = Catalog.randomProduct(random);
    ObjectNode event = envelope("track", person, true);
    event.put("event", "Product Viewed");
    ObjectNode properties = event.putObject("properties");
    properties.put("product_id", product.sku());
    properties.put("sku", product.sku());
    properties.put("name", product.name());
    properties.put("category", product.category());
    properties.put("variant", product.variant());
    properties.put("brand", "Tributary Outfitters");
    properties.put("price", product.price());
    properties.put("currency", "EUR");
    properties.put("url", product.url());
    return event;
  }

  /** A {@code track} "Order Completed" event with one to three products. */
  public ObjectNode orderCompleted(SyntheticPerson person) {
    ObjectNode event = envelope("track", person, true);
    event.put("event", "Order Completed");
    ObjectNode properties = event.putObject("properties");
    properties.put("order_id", String.format(Locale.ROOT, "ORD-%08d", random.nextInt(100_000_000)));
    ArrayNode products = JSON.arrayNode();
    BigDecimal subtotal = BigDecimal.ZERO;
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      Catalog.Product product = Catalog.randomProduct(random);
      int quantity = 1 + random.nextInt(2);
      ObjectNode line = products.addObject();
      line.put("product_id", product.sku());
      line.put("name", product.name());
      line.put("price", product.price());
      line.put("quantity", quantity);
      subtotal = subtotal.add(product.price().multiply(BigDecimal.valueOf(quantity)));
    }
    BigDecimal shipping = new BigDecimal("4.95");
    BigDecimal tax = subtotal.multiply(new BigDecimal("0.19")).setScale(2, RoundingMode.HALF_UP);
    properties.put("subtotal", subtotal);
    properties.put("shipping", shipping);
    properties.put("tax", tax);
    properties.put("total", subtotal.add(shipping));
    properties.put("revenue", subtotal);
    properties.put("currency", "EUR");
    properties.set("products", products);
    return event;
  }

  /** An {@code identify} event with e-mail, name, phone and city traits. */
  public ObjectNode identify(SyntheticPerson person) {
    ObjectNode event = envelope("identify", person, true);
    ObjectNode traits = event.putObject("traits");
    traits.put("email", person.email());
    traits.put("name", person.name());
    traits.put("firstName", person.firstName());
    traits.put("lastName", person.lastName());
    traits.put("phone", person.phone());
    ObjectNode address = traits.putObject("address");
    address.put("city", CITIES[person.index() % CITIES.length]);
    address.put("country", "US");
    traits.put("plan", person.index() % 5 == 0 ? "member" : "guest");
    return event;
  }

  /** A {@code page} view; anonymous pages carry no {@code userId}. */
  public ObjectNode page(SyntheticPerson person, boolean loggedIn) {
    Catalog.Product product = Catalog.randomProduct(random);
    ObjectNode event = envelope("page", person, loggedIn);
    event.put("name", "Product Detail");
    ObjectNode properties = event.putObject("properties");
    String path = "/p/" + product.sku().toLowerCase(Locale.ROOT);
    properties.put("path", path);
    properties.put("url", product.url());
    properties.put("title", product.name() + " | Example Shop");
    properties.put("referrer", "https://search.example.org/?q=" + product.category());
    return event;
  }

  private ObjectNode envelope(String type, SyntheticPerson person, boolean withUserId) {
    ObjectNode event = JSON.objectNode();
    event.put("type", type);
    event.put("messageId", MESSAGE_ID_PLACEHOLDER);
    event.put("anonymousId", person.anonymousId());
    if (withUserId) {
      event.put("userId", person.userId());
    }
    event.put("timestamp", timestamp.toString());
    ObjectNode context = event.putObject("context");
    context.put("ip", "198.51.100." + (1 + person.index() % 254));
    context.put("locale", "en-US");
    context.put("userAgent", USER_AGENT);
    ObjectNode library = context.putObject("library");
    library.put("name", "tributary-bench");
    library.put("version", "0.1.0");
    if (sentAt) {
      context.put(SENT_AT_FIELD, SENT_AT_PLACEHOLDER);
    }
    return event;
  }
}
