package io.tributary.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IngestServiceBodyTest {
  private static final int MAX = 1_000;

  /** A stream that hands out at most 7 bytes per read, as a socket gives what has arrived. */
  private static InputStream trickle(byte[] data) {
    var in = new ByteArrayInputStream(data);
    return new InputStream() {
      @Override
      public int read() {
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return in.read(b, off, Math.min(len, 7));
      }
    };
  }

  private static byte[] bytes(int n, Random random) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  @Test
  void shouldReadABodyOfItsDeclaredLength() throws IOException {
    byte[] body = bytes(600, new Random(1));
    assertThat(IngestService.readBody(trickle(body), 600, MAX)).isEqualTo(body);
  }

  @Test
  void shouldReadOnPastTheDeclaredLengthUpToOneByteOverTheLimit() throws IOException {
    // a gzip body Helidon has decoded: longer than its Content-Length
    byte[] body = bytes(900, new Random(2));
    assertThat(IngestService.readBody(trickle(body), 300, MAX)).isEqualTo(body);
    byte[] tooLong = bytes(5_000, new Random(3));
    assertThat(IngestService.readBody(trickle(tooLong), 300, MAX)).hasSize(MAX + 1);
  }

  @Test
  void shouldReturnWhatCameWhenTheBodyIsShorterThanDeclared() throws IOException {
    byte[] body = bytes(100, new Random(4));
    assertThat(IngestService.readBody(trickle(body), 600, MAX)).isEqualTo(body);
  }

  @Test
  void shouldReadLikeReadNBytesForAnyLengthAndDeclaration() throws IOException {
    // every combination of actual length and declared length (unknown, under, exact, over the
    // limit) gives what reading up to one byte over the limit gives
    Random random = new Random(5);
    for (int i = 0; i < 2_000; i++) {
      byte[] body = bytes(random.nextInt(2 * MAX), random);
      long declared =
          switch (random.nextInt(4)) {
            case 0 -> -1;
            case 1 -> body.length;
            case 2 -> random.nextInt(MAX + 1);
            default -> MAX + 1 + random.nextInt(MAX);
          };
      byte[] expected = trickle(body).readNBytes(MAX + 1);
      assertThat(IngestService.readBody(trickle(body), declared, MAX))
          .as("body of %d bytes declared as %d", body.length, declared)
          .isEqualTo(expected);
    }
  }
}
