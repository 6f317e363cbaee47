package io.tributary.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * A retail customer's day, sent through the public Segment-spec API of a running hub: browsing
 * anonymously, signing up, ordering, paying by card, and coming back on a second device. Every
 * person in it is synthetic.
 */
public final class RetailDemo {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String auth;
  private final String adminToken;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public RetailDemo(URI base, String writeKey, String adminToken, PrintStream out) {
    this.base = base;
    this.auth = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
    this.adminToken = adminToken;
    this.out = out;
  }

  /** Sends the scenario and shows the profile; false if the hub refused anything. */
  public boolean run() throws IOException, InterruptedException {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String laptop = "anon-laptop-" + run;
    String phone = "anon-phone-" + run;
    String userId = "cust-" + run;
    String email = "ada.example+" + run + "@example.com";

    step("1. Anonymous browsing on the web shop", "page", event("page", laptop, null).put("name", "Home"));
    step(
        "   ... views a product",
        "track",
        event("track", laptop, null).put("event", "Product Viewed").set("properties", product()));
    ObjectNode signUp = event("identify", laptop, userId);
    signUp.putObject("traits").put("email", email).put("first_name", "Ada").put("last_name", "Example")
        .put("phone", "+1 202 555 0143").put("plan", "free");
    step("2. Signs up (the anonymous visitor becomes a known customer)", "identify", signUp);
    ObjectNode order = event("track", null, userId).put("event", "Order Completed");
    order.putObject("properties").put("order_id", "ord-" + run).put("total", 129.90).put("currency", "EUR")
        .set("products", JSON.createArrayNode().add(product()));
    step("3. Places an order", "track", order);
    ObjectNode payment = event("track", null, userId).put("event", "Payment Succeeded");
    payment.putObject("properties").put("order_id", "ord-" + run).put("amount", 129.90).put("currency", "EUR")
        .put("method", "card").put("card_brand", "visa");
    step("4. Pays by card", "track", payment);
    step("5. Opens the mobile app on a second device", "screen", event("screen", phone, null).put("name", "Home"));
    ObjectNode login = event("identify", phone, userId);
    login.putObject("traits").put("email", email);
    step("   ... and logs in there (both devices now belong to one profile)", "identify", login);

    if (adminToken == null) {
      out.println("No admin token given: pass --admin-token to see the unified profile.");
      return true;
    }
    return showProfile(userId);
  }

  private boolean showProfile(String userId) throws IOException, InterruptedException {
    URI uri = base.resolve("/v1/profiles/user_id/" + URLEncoder.encode(userId, StandardCharsets.UTF_8));
    for (int attempt = 0; attempt < 50; attempt++) {
      HttpResponse<String> res =
          http.send(
              HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + adminToken).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() == 200) {
        JsonNode profile = JSON.readTree(res.body());
        if (profile.path("computed_traits").path("event_counts").path("Payment Succeeded").asLong() > 0
            && profile.path("identifiers").size() >= 4) {
          out.println();
          out.println("The unified profile (GET " + uri.getPath() + "):");
          out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(profile));
          return true;
        }
      }
      Thread.sleep(100);
    }
    out.println("The profile did not show all events within 5 s; is the hub processing? See /health.");
    return false;
  }

  private void step(String title, String call, ObjectNode body) throws IOException, InterruptedException {
    HttpResponse<String> res =
        http.send(
            HttpRequest.newBuilder(base.resolve("/v1/" + call))
                .header("Authorization", auth)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    out.printf("%-70s POST /v1/%-8s -> %d%n", title, call, res.statusCode());
    if (res.statusCode() != 200) {
      out.println("   " + res.body());
      throw new IOException("The hub answered " + res.statusCode() + " to /v1/" + call);
    }
  }

  private static ObjectNode event(String type, String anonymousId, String userId) {
    ObjectNode e = JSON.createObjectNode();
    e.put("type", type);
    e.put("messageId", UUID.randomUUID().toString());
    if (anonymousId != null) {
      e.put("anonymousId", anonymousId);
    }
    if (userId != null) {
      e.put("userId", userId);
    }
    e.put("timestamp", Instant.now().toString());
    e.putObject("context").putObject("library").put("name", "tributary-demo").put("version", "1");
    return e;
  }

  private static ObjectNode product() {
    return JSON.createObjectNode().put("product_id", "sku-4711").put("name", "Trail Running Shoe")
        .put("price", 129.90).put("category", "Shoes");
  }

}
