package io.tributary.server.http;

import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncoding;
import io.helidon.http.encoding.ContentEncodingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Decodes {@code Content-Encoding: gzip} request bodies, which Segment's client libraries send.
 *
 * <p>Helidon's own gzip module is not published for the Helidon version we use, and without a
 * registered decoder Helidon refuses such requests; the JDK's {@link GZIPInputStream} does the job.
 * Handlers bound what they read of the decoded stream, so a small compressed body cannot expand
 * past the size limits.
 */
public final class GzipRequestDecoding implements ContentEncoding {

  /** A content-encoding context that decodes gzip requests and never compresses responses. */
  public static ContentEncodingContext context() {
    return ContentEncodingContext.builder()
        .contentEncodingsDiscoverServices(false)
        .addContentEncoding(new GzipRequestDecoding())
        .build();
  }

  @Override
  public Set<String> ids() {
    return Set.of("gzip", "x-gzip");
  }

  @Override
  public boolean supportsEncoding() {
    return false;
  }

  @Override
  public boolean supportsDecoding() {
    return true;
  }

  @Override
  public ContentDecoder decoder() {
    return in -> {
      try {
        return new GZIPInputStream(in);
      } catch (IOException e) {
        throw new UncheckedIOException("The request body is declared gzip but is not", e);
      }
    };
  }

  @Override
  public ContentEncoder encoder() {
    return ContentEncoder.NO_OP;
  }

  @Override
  public String name() {
    return "gzip-request-decoding";
  }

  @Override
  public String type() {
    return "gzip";
  }
}
