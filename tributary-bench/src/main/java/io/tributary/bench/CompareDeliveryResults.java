package io.tributary.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.bench.load.ResultJson;
import io.tributary.bench.report.DeliveryRun;
import io.tributary.bench.report.DeliveryTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints the tables of a delivery benchmark's result directory (see {@link DeliveryTable}): every
 * {@code <scenario>-<rate>-<repetition>.json} written by the load generator, with the receivers'
 * {@code <scenario>-<rate>-<repetition>-sinks.json} beside it where there is one.
 *
 * <pre>
 * java -cp 'target/classes:target/lib/*' io.tributary.bench.CompareDeliveryResults --dir DIR
 * </pre>
 */
@Command(
    name = "compare-delivery-results",
    mixinStandardHelpOptions = true,
    description = "Median tables of a delivery benchmark's runs.")
public final class CompareDeliveryResults implements Callable<Integer> {

  private static final Pattern RUN = Pattern.compile("([a-z][a-z-]*)-(\\d+)-(\\d+)\\.json");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = "--dir", required = true, description = "The benchmark's result directory.")
  Path dir;

  @Option(
      names = "--scenarios",
      split = ",",
      defaultValue = "no-destinations,healthy,one-down",
      description = "Scenario order in the tables; others follow (default: ${DEFAULT-VALUE}).")
  List<String> order;

  /** Prints the tables; exit code 2 for invalid arguments or unreadable files. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new CompareDeliveryResults()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    List<DeliveryRun> runs = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.sorted().toList();
    }
    for (Path file : files) {
      Matcher m = RUN.matcher(file.getFileName().toString());
      if (!m.matches()) {
        continue;
      }
      Path sinks = dir.resolve(file.getFileName().toString().replace(".json", "-sinks.json"));
      try {
        runs.add(
            new DeliveryRun(
                m.group(1),
                Integer.parseInt(m.group(2)),
                ResultJson.read(file),
                Files.exists(sinks) ? MAPPER.readTree(sinks.toFile()) : null));
      } catch (IOException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "Could not read " + file + ": " + e.getMessage());
      }
    }
    runs.sort(Comparator.comparingInt(r -> rank(r.scenario())));
    System.out.print(DeliveryTable.render(runs));
    return 0;
  }

  private int rank(String scenario) {
    int i = order.indexOf(scenario);
    return i < 0 ? order.size() : i;
  }
}
