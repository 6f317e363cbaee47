package io.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.bench.load.ResultJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the load generator's command line in-process and returns its result file. */
final class LoadGeneratorRunner {

  private LoadGeneratorRunner() {}

  /** Runs with {@code args} plus {@code --out}; fails the test unless the exit code is 0. */
  static JsonNode run(Path out, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--out");
    all.add(out.toString());
    int exit = LoadGenerator.commandLine().execute(all.toArray(String[]::new));
    assertThat(exit).as("load generator exit code").isZero();
    return ResultJson.read(out);
  }
}
