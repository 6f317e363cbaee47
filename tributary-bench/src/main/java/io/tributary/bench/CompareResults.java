package io.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.bench.load.ResultJson;
import io.tributary.bench.report.ComparisonTable;
import io.tributary.bench.report.ScenarioRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints the comparison table of repeated runs: one row per scenario with the median of each
 * metric, and the ratio to the reference scenario of the same mode (the baseline).
 *
 * <pre>
 * java -cp 'target/classes:target/lib/*' io.tributary.bench.CompareResults \
 *     --reference baseline-closed --reference baseline-open \
 *     --row 'baseline-closed=b1.json,b2.json,b3.json' --row 'baseline-open=bo1.json' \
 *     --row 'hub-closed=h1.json,h2.json,h3.json' --row 'hub-open-5000=o1.json'
 * </pre>
 *
 * <p>A row with no files, or whose files are all missing, is shown as not yet measured.
 */
@Command(
    name = "compare-results",
    mixinStandardHelpOptions = true,
    description = "Median table of repeated load-generator result files.")
public final class CompareResults implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--row",
      required = true,
      description = "label=file1.json,file2.json,... (repeatable; files may be missing).")
  List<String> rows;

  @Option(
      names = "--reference",
      description =
          "Label of a row that rows of the same mode (closed/open) are compared with"
              + " (repeatable).")
  List<String> references = new ArrayList<>();

  /** Prints the table; exit code 2 for invalid arguments or unreadable files. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new CompareResults()).execute(args));
  }

  @Override
  public Integer call() {
    List<ScenarioRuns> scenarios = new ArrayList<>();
    for (String row : rows) {
      scenarios.add(parse(row));
    }
    List<ScenarioRuns> refs = new ArrayList<>();
    for (String reference : references) {
      refs.add(
          scenarios.stream()
              .filter(s -> s.label().equals(reference))
              .findFirst()
              .orElseThrow(
                  () ->
                      new CommandLine.ParameterException(
                          spec.commandLine(),
                          "Expected --reference to name a --row label, but was " + reference)));
    }
    System.out.print(ComparisonTable.render(scenarios, refs));
    return 0;
  }

  private ScenarioRuns parse(String row) {
    int eq = row.indexOf('=');
    if (eq <= 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Expected --row label=file,file..., but was '" + row + "'");
    }
    String label = row.substring(0, eq);
    List<JsonNode> results = new ArrayList<>();
    for (String name : row.substring(eq + 1).split(",")) {
      if (name.isBlank() || !Files.exists(Path.of(name.trim()))) {
        continue;
      }
      try {
        results.add(ResultJson.read(Path.of(name.trim())));
      } catch (IOException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "Could not read result file " + name + ": " + e.getMessage());
      }
    }
    return new ScenarioRuns(label, results);
  }
}
