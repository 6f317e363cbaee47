package io.tributary.bench.load;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/** Writes and reads the JSON result file of a run. */
public final class ResultJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private ResultJson() {}

  /** Writes {@code result} to {@code file}, replacing it; creates missing parent directories. */
  public static void write(Path file, RunResult result) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(result, "result");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, MAPPER.writeValueAsBytes(new Document(result)));
  }

  /**
   * Reads a result file as a tree, so files from older versions still load.
   *
   * @return the {@code result} object of the file
   */
  public static JsonNode read(Path file) throws IOException {
    JsonNode root = MAPPER.readTree(file.toFile());
    JsonNode result = root.path("result");
    if (!result.isObject()) {
      throw new IOException("Expected a 'result' object in " + file + ", found none");
    }
    return result;
  }

  /** The file's top level: a format tag, so later versions can change the shape. */
  private record Document(String format, String writtenAt, RunResult result) {
    Document(RunResult result) {
      this("tributary-bench-result/1", Instant.now().toString(), result);
    }
  }
}
