package io.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.bench.load.LoadConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --url} names one server or several instances of one hub. */
class LoadGeneratorTargetsTest {

  @Test
  void shouldTargetTheDefaultServerWithoutUrl() {
    assertThat(parse("--write-key", "k").targets())
        .containsExactly(URI.create("http://127.0.0.1:8088"));
  }

  @Test
  void shouldTargetEveryRepeatedUrlInOrder() {
    assertThat(
            parse("--url", "http://127.0.0.1:18088", "--url", "http://127.0.0.1:18090", "--write-key", "k")
                .targets())
        .containsExactly(URI.create("http://127.0.0.1:18088"), URI.create("http://127.0.0.1:18090"));
  }

  @Test
  void shouldSplitCommaSeparatedUrls() {
    assertThat(
            parse("--url", "http://127.0.0.1:18088,http://127.0.0.1:18090", "--write-key", "k").targets())
        .containsExactly(URI.create("http://127.0.0.1:18088"), URI.create("http://127.0.0.1:18090"));
  }

  @Test
  void shouldRefuseANonHttpTargetNamingIt() {
    StringWriter err = new StringWriter();
    int exit = execute(err, "--url", "http://127.0.0.1:18088,ftp://127.0.0.1:21", "--write-key", "k");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("'ftp://127.0.0.1:21'");
  }

  @Test
  void shouldRefuseTheSameTargetTwice() {
    StringWriter err = new StringWriter();
    int exit =
        execute(err, "--url", "http://127.0.0.1:18088", "--url", "http://127.0.0.1:18088", "--write-key", "k");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("distinct target urls");
  }

  private static LoadConfig parse(String... args) {
    CommandLine commandLine = LoadGenerator.commandLine();
    commandLine.parseArgs(args);
    LoadGenerator generator = commandLine.getCommand();
    return generator.config();
  }

  private static int execute(StringWriter err, String... args) {
    CommandLine commandLine = LoadGenerator.commandLine();
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
