package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.segment.analytics.Analytics;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official Segment Java library ({@code com.segment.analytics.java:analytics}), unchanged,
 * pointed at the hub in each storage mode: what it sends must be accepted and end up in one
 * profile. In {@code kafka+postgres} mode the anonymous page view and the user's calls are keyed
 * differently, so they may land in different partitions and be applied in any order.
 */
@Timeout(120)
class SegmentLibraryIT {
  private static final String WRITE_KEY = "wk_segment_lib_0123456789";
  private static final String ADMIN = "adm_segment_lib_0123456789";

  @TempDir Path dataDir;

  @ParameterizedTest
  @EnumSource(StorageMode.class)
  void shouldAcceptWhatTheSegmentJavaLibrarySendsAndResolveItIntoOneProfile(StorageMode mode) {
    try (Hub hub =
        Hub.start(
            HubSettings.forDataDir(dataDir)
                .withSources(List.of(new HubSettings.Source("backend", WRITE_KEY)))
                .withAdminToken(ADMIN)
                .withStorage(mode.newStorage("segment-library")),
            InstantSource.system())) {
      // given
      var client = HubClient.of(hub);
      long logEnd = client.logEnd();
      List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
      Analytics analytics =
          Analytics.builder(WRITE_KEY)
              .endpoint("http://127.0.0.1:" + hub.port())
              .flushQueueSize(5)
              .callback(
                  new com.segment.analytics.Callback() {
                    @Override
                    public void success(com.segment.analytics.messages.Message message) {
                      sent.add(message.messageId());
                    }

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
      // then: the library had its four messages accepted (its shutdown may return before it knows)
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (sent.size() + failures.size() < 4 && System.nanoTime() < deadline) {
        HubClient.sleep(20);
      }
      assertThat(failures).as("what the library reported as failed").isEmpty();
      assertThat(sent).as("what the library reported as sent").hasSize(4);
      client.awaitProcessed(logEnd + 4, Duration.ofSeconds(30));
      JsonNode profile = client.awaitProfile("user_id", user, p -> true, Duration.ofSeconds(5));
      JsonNode counts = profile.path("computed_traits").path("event_counts");
      assertThat(profile.path("traits").path("name").asText()).isEqualTo("Grace Example");
      assertThat(counts.path("alias").asLong()).isEqualTo(1);
      assertThat(counts.path("Order Completed").asLong()).isEqualTo(1);
      assertThat(counts.path("page").asLong()).isEqualTo(1);
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
