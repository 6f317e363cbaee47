package io.tributary.connectors.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.delivery.SendResult;
import java.io.IOException;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.NoSuchEndpointException;
import org.junit.jupiter.api.Test;

class CamelFailuresTest {
  @Test
  void shouldRetryAFailureItCannotTellIsPermanent() {
    // when
    SendResult result = CamelFailures.of(new IllegalStateException("Cannot send", new IOException("Connection reset")), CamelTransportTest.message(3, "{}"));

    // then
    assertThat(result)
        .isEqualTo(
            SendResult.retry(
                "Message 3 was not sent: java.lang.IllegalStateException: Cannot send; caused by java.io.IOException: Connection reset. The messages will be sent again."));
  }

  @Test
  void shouldNameACauseOnceWhenTheExceptionQuotesIt() {
    // when
    SendResult result = CamelFailures.of(new CamelExchangeException("Cannot send", null, new IOException("Connection reset")), CamelTransportTest.message(3, "{}"));

    // then
    assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class, failed -> {
      assertThat(failed.retryable()).isTrue();
      assertThat(failed.response()).containsOnlyOnce("Connection reset").contains("CamelExchangeException");
    });
  }

  @Test
  void shouldNotRetryAnEndpointThatDoesNotExist() {
    // when
    SendResult result = CamelFailures.of(new IllegalStateException("wrapped", new NoSuchEndpointException("nosuch:foo")), CamelTransportTest.message(3, "{}"));

    // then
    assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class, failed -> {
      assertThat(failed.retryable()).isFalse();
      assertThat(failed.response()).contains("NoSuchEndpointException").endsWith("The messages go to the dead-letter queue.");
    });
  }

  @Test
  void shouldKeepThePayloadOutOfTheResponse() {
    // given
    String payload = "{\n  \"email\": \"secret@example.com\"\n}";

    // when
    SendResult result = CamelFailures.of(new IllegalArgumentException("Cannot convert " + payload + " to X"), CamelTransportTest.message(3, payload));

    // then
    assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class, failed -> {
      assertThat(failed.response()).contains("Cannot convert <payload> to X").doesNotContain("secret");
    });
  }
}
