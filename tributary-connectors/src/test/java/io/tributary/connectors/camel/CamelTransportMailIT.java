package io.tributary.connectors.camel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.SendResult;
import io.tributary.core.delivery.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The camel transport sending mail through camel-mail to a real SMTP server (GreenMail). */
@Timeout(60)
class CamelTransportMailIT {
  private static final DeliveryMode BATCH = new DeliveryMode.Batch(Duration.ofMinutes(5), 100);

  private final CamelTransportFactory factory = new CamelTransportFactory();
  private ServerSetup smtp;
  private GreenMail mail;

  @BeforeEach
  void startMailServer() throws IOException {
    smtp = new ServerSetup(freePort(), "localhost", ServerSetup.PROTOCOL_SMTP);
    mail = new GreenMail(smtp);
    mail.start();
  }

  @AfterEach
  void stop() {
    factory.close();
    mail.stop();
  }

  @Test
  void shouldMailEachPayloadInOrderWithItsIdempotencyKey() throws Exception {
    // given
    Map<String, Object> options = Map.of("uri", uri(), "headers", Map.of("X-Source", "tributary"));
    try (Transport transport = factory.create("crm-mail", options, BATCH)) {
      // when: a window of two messages
      SendResult result = transport.send(List.of(message(1, "{\"email\":\"ann@example.com\",\"city\":\"Zürich\"}"), message(2, "{\"email\":\"bob@example.com\"}")));

      // then
      assertThat(result).isEqualTo(SendResult.DELIVERED);
      assertThat(mail.waitForIncomingEmail(10_000, 2)).as("two mails arrived within 10 s").isTrue();
      MimeMessage[] received = mail.getReceivedMessages();
      assertThat(received).hasSize(2);
      assertThat(body(received[0])).isEqualTo("{\"email\":\"ann@example.com\",\"city\":\"Zürich\"}");
      assertThat(received[0].getHeader("Idempotency-Key")).containsExactly("key-1");
      assertThat(received[0].getHeader("TributaryProfileId")).containsExactly("profile-1");
      assertThat(received[0].getHeader("X-Source")).containsExactly("tributary");
      assertThat(received[0].getSubject()).isEqualTo("Customer");
      assertThat(received[0].getAllRecipients()).extracting(Object::toString).containsExactly("crm@example.com");
      assertThat(body(received[1])).isEqualTo("{\"email\":\"bob@example.com\"}");
      assertThat(received[1].getHeader("Idempotency-Key")).containsExactly("key-2");
    }
  }

  @Test
  void shouldFailRetryablyWhileTheMailServerIsDownAndDeliverOnceItIsBack() throws Exception {
    try (Transport transport = factory.create("crm-mail", Map.of("uri", uri()), BATCH)) {
      // given
      mail.stop();

      // when
      SendResult down = transport.send(List.of(message(1, "{\"email\":\"secret@example.com\"}")));

      // then
      assertThat(down).isInstanceOfSatisfying(SendResult.Failed.class, failed -> {
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.response()).contains("ConnectException").doesNotContain("secret");
      });

      // when: the server is back on the same port
      mail = new GreenMail(smtp);
      mail.start();
      SendResult back = transport.send(List.of(message(1, "{\"email\":\"secret@example.com\"}")));

      // then
      assertThat(back).isEqualTo(SendResult.DELIVERED);
      assertThat(mail.waitForIncomingEmail(10_000, 1)).as("the mail arrived within 10 s").isTrue();
    }
  }

  private String uri() {
    return "smtp://localhost:" + smtp.getPort() + "?to=crm@example.com&from=hub@example.com&subject=Customer";
  }

  private static String body(MimeMessage m) throws Exception {
    return ((String) m.getContent()).strip();
  }

  private static OutboundMessage message(long id, String payload) {
    return new OutboundMessage(id, "crm-mail", 0, "profile-1", "key-" + id, payload.getBytes(UTF_8), Instant.parse("2024-05-06T07:08:09Z"), 0, null, null);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
