package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.segment.analytics.Analytics;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Segment Java library ({@code com.segment.analytics.java:analytics}), unchanged,
 * pointed at the hub: what it sends must be accepted and end up in one profile.
 */
@Timeout(120)
class SegmentLibraryIT {
  private static final String WRITE_KEY = "wk_segment_lib_0123456789";
  private static final String ADMIN = "adm_segment_lib_0123456789";

  @TempDir Path dataDir;

  @Test
  void shouldAcceptWhatTheSegmentJavaLibrarySendsAndResolveItIntoOneProfile() {
    try (Hub hub =
        Hub.start(
            HubSettings.forDataDir(dataDir).withSources(List.of(new HubSettings.Source("backend", WRITE_KEY))).withAdminToken(ADMIN),
            InstantSource.system())) {
      // given
      List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      Analytics analytics =
          Analytics.builder(WRITE_KEY)
              .endpoint("http://127.0.0.1:" + hub.port())
              .flushQueueSize(5)
              .callback(
                  new com.segment.analytics.Callback() {
                    @Override
                    public void success(com.segment.analytics.messages.Message message) {}

                    @Override
                    public void failure(com.segment.analytics.messages.Message message, Throwable t) {
                      failures.add(message.type() + ": " + t);
                    }
                  })
              .build();
      String anon = "anon-" + UUID.randomUUID();
      String user = "cust-" + UUID.randomUUID();
      // when: browse anonymously, sign up, order; then an alias from an older anonymous id
      analytics.enqueue(PageMessage.builder("Product").anonymousId(anon).properties(Map.of("sku", "sku-4711")));
      analytics.enqueue(IdentifyMessage.builder().userId(user).anonymousId(anon)
          .traits(Map.of("email", "grace.example@example.com", "name", "Grace Example")));
      analytics.enqueue(TrackMessage.builder("Order Completed").userId(user).properties(Map.of("total", 99.5, "currency", "EUR")));
      analytics.enqueue(AliasMessage.builder("anon-older-" + anon).userId(user));
      analytics.flush();
      analytics.shutdown();
      // then
      assertThat(failures).as("what the library reported as failed").isEmpty();
      var client = new HubClient(URI.create("http://127.0.0.1:" + hub.port()), WRITE_KEY, ADMIN);
      JsonNode profile =
          client.awaitProfile(
              "user_id",
              user,
              p -> p.path("computed_traits").path("event_counts").path("alias").asLong() == 1,
              Duration.ofSeconds(30));
      assertThat(profile.path("traits").path("name").asText()).isEqualTo("Grace Example");
      assertThat(profile.path("computed_traits").path("event_counts").path("Order Completed").asLong()).isEqualTo(1);
      assertThat(profile.path("computed_traits").path("event_counts").path("page").asLong()).isEqualTo(1);
      assertThat(profile.path("identifiers").toString())
          .contains(anon)
          .contains("anon-older-" + anon)
          .contains("grace.example@example.com");
      List<JsonNode> events = client.timeline(profile.path("id").asText());
      assertThat(events).hasSize(4);
      assertThat(events).allSatisfy(e -> assertThat(e.path("context").path("library").path("name").asText()).isEqualTo("analytics-java"));
    }
  }
}
