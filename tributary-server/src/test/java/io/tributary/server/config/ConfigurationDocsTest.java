package io.tributary.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code docs/configuration.md} generated from the registry. Run with {@code
 * -Dtributary.docs.regenerate=true} to rewrite it (see {@link ConfigurationDocs#REGENERATE_COMMAND}).
 */
class ConfigurationDocsTest {

  private static final Path DOCS = repositoryRoot().resolve("docs/configuration.md");

  @TempDir Path dir;

  @Test
  void shouldMatchTheCommittedDocs() throws IOException {
    // given
    String generated = ConfigurationDocs.markdown();
    if (Boolean.getBoolean("tributary.docs.regenerate")) {
      Files.createDirectories(DOCS.getParent());
      Files.writeString(DOCS, generated);
    }

    // when
    String committed = Files.exists(DOCS) ? Files.readString(DOCS) : "";

    // then
    assertThat(committed)
        .as("docs/configuration.md differs from what the settings registry generates."
            + " Regenerate it with: " + ConfigurationDocs.REGENERATE_COMMAND)
        .isEqualTo(generated);
  }

  @Test
  void shouldDocumentEverySetting() {
    // when
    String markdown = ConfigurationDocs.markdown();

    // then
    for (Setting<?> setting : Settings.all()) {
      assertThat(markdown)
          .contains("### `" + setting.key() + "`")
          .contains(setting.documentation())
          .contains("`" + setting.envName() + "`");
    }
  }

  @Test
  void shouldLoadTheDocumentedDefaultsFileAsTheDefaults() throws IOException {
    // given
    String markdown = ConfigurationDocs.markdown();
    String start = "## All defaults as a file\n\n";
    String yaml = markdown.substring(markdown.indexOf("```yaml\n", markdown.indexOf(start)) + 8,
        markdown.lastIndexOf("```"));
    Path file = Files.writeString(dir.resolve("defaults.yaml"), yaml);

    // when
    TributaryConfig config = TributaryConfig.load(Optional.of(file), Map.of());

    // then
    assertThat(config).isEqualTo(TributaryConfig.defaults());
  }

  private static Path repositoryRoot() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("Expected to run inside the repository, but found no mvnw"
          + " above " + System.getProperty("user.dir"));
    }
    return dir;
  }
}
