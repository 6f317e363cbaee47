package io.tributary.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Generates {@code docs/configuration.md} from the {@link Settings} registry, so that the docs
 * cannot drift from the code: a test compares the committed file with {@link #markdown()}.
 */
public final class ConfigurationDocs {

  /** The command that rewrites {@code docs/configuration.md} from the registry. */
  public static final String REGENERATE_COMMAND =
      "./mvnw -q -B -pl tributary-server -am test -Dtest=ConfigurationDocsTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dtributary.docs.regenerate=true";

  private static final int MAX_INLINE_DEFAULT = 40;

  private ConfigurationDocs() {}

  /** The whole page, with {@code \n} line ends. */
  public static String markdown() {
    StringBuilder md = new StringBuilder();
    introduction(md);
    summary(md);
    String section = "";
    for (Setting<?> setting : Settings.all()) {
      int dot = setting.key().indexOf('.');
      String settingSection = dot < 0 ? setting.key() : setting.key().substring(0, dot);
      if (!settingSection.equals(section)) {
        section = settingSection;
        md.append("## ").append(section).append("\n\n");
      }
      setting(md, setting);
    }
    md.append("## All defaults as a file\n\n")
        .append("Every setting that has a default, as a YAML file. Loading it changes nothing.\n\n")
        .append("```yaml\n").append(yaml(defaultsTree())).append("```\n");
    return md.toString();
  }

  private static void introduction(StringBuilder md) {
    md.append("# Configuration\n\n")
        .append("<!-- Generated from io.tributary.server.config.Settings; do not edit by hand.\n")
        .append("     Regenerate with: ").append(REGENERATE_COMMAND).append(" -->\n\n")
        .append("Tributary takes each setting from, in this order of precedence:\n\n")
        .append("1. its environment variable, `TRIBUTARY_` and the key upper-cased with `.` and `-`")
        .append(" replaced by `_`: `http.port` is `TRIBUTARY_HTTP_PORT`;\n")
        .append("2. the YAML file given with `--config path`, if any;\n")
        .append("3. its default.\n\n")
        .append("In the file, sections may be nested or written as dotted keys:\n\n")
        .append("```yaml\nhttp:\n  port: 9000\ningest.max-event-bytes: 65536\n```\n\n")
        .append("- Environment variables are read as the setting's type. Lists and mappings are")
        .append(" written in YAML flow syntax or JSON, e.g.")
        .append(" `TRIBUTARY_IDENTITY_EXTERNAL_IDS='[crm_id, erp_customer_no]'`.\n")
        .append("- An empty environment variable counts as unset; an empty value in the file")
        .append(" (`key:`) leaves the default.\n")
        .append("- A key in the file that is not a setting, a setting given twice, and a")
        .append(" `TRIBUTARY_*` environment variable that is not a setting are errors, so that")
        .append(" typos do not pass silently. The launcher's own variables ")
        .append(String.join(", ", Settings.LAUNCHER_ENV_VARS.stream().sorted()
            .map(v -> "`" + v + "`").toList()))
        .append(" are allowed.\n")
        .append("- All problems are reported at once, each with the key, the rule, the value found")
        .append(" (never a secret) and the file line or environment variable it came from; the")
        .append(" server then does not start.\n\n");
  }

  private static void summary(StringBuilder md) {
    md.append("## Overview\n\n| Setting | Environment variable | Default |\n|---|---|---|\n");
    for (Setting<?> setting : Settings.all()) {
      String shown = inlineDefault(setting).orElse("see below");
      md.append("| `").append(setting.key()).append("` | `").append(setting.envName())
          .append("` | ").append(shown).append(" |\n");
    }
    md.append("\n");
  }

  private static <T> void setting(StringBuilder md, Setting<T> setting) {
    md.append("### `").append(setting.key()).append("`\n\n")
        .append(setting.documentation()).append("\n\n")
        .append("- Type: ").append(setting.typeDescription()).append("\n");
    Optional<String> inline = inlineDefault(setting);
    md.append("- Default: ").append(inline.orElse("see below")).append("\n");
    md.append("- Environment variable: `").append(setting.envName()).append("`\n");
    for (String example : setting.envExamples()) {
      md.append("  - e.g. `").append(setting.envName()).append("='").append(example)
          .append("'`\n");
    }
    md.append("\n");
    fields(md, setting.type());
    if (inline.isEmpty()) {
      md.append("Default:\n\n```yaml\n")
          .append(yaml(nest(setting.key(), setting.type().write(setting.defaultValue().orElseThrow()))))
          .append("```\n\n");
    }
  }

  /** The field table of a list of mappings, such as the sources. */
  private static void fields(StringBuilder md, ValueType<?> type) {
    List<ObjectField<?>> fields;
    if (type instanceof SourcesType sources) {
      fields = sources.fields();
    } else if (type instanceof ListType<?> list && list.element() instanceof ObjectType<?> object) {
      fields = object.fields();
    } else {
      return;
    }
    md.append("Each element has the fields:\n\n")
        .append("| Field | Type | Default | Description |\n|---|---|---|---|\n");
    for (ObjectField<?> field : fields) {
      md.append("| `").append(field.name()).append("` | ").append(field.type().description())
          .append(" | ").append(fieldDefault(field)).append(" | ").append(field.documentation())
          .append(" |\n");
    }
    md.append("\n");
  }

  private static <V> String fieldDefault(ObjectField<V> field) {
    if (field.required()) {
      return "required";
    }
    return field.defaultValue()
        .map(value -> code(field.type().write(value)))
        .orElse("none");
  }

  private static <T> Optional<String> inlineDefault(Setting<T> setting) {
    if (setting.defaultValue().isEmpty()) {
      return Optional.of("none");
    }
    JsonNode node = setting.type().write(setting.defaultValue().get());
    String shown = code(node);
    return shown.length() <= MAX_INLINE_DEFAULT && (node.isValueNode() || node.isEmpty())
        ? Optional.of(shown)
        : Optional.empty();
  }

  private static String code(JsonNode node) {
    return "`" + (node.isValueNode() ? node.asText() : node.toString()) + "`";
  }

  private static ObjectNode defaultsTree() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    for (Setting<?> setting : Settings.all()) {
      addDefault(root, setting);
    }
    return root;
  }

  private static <T> void addDefault(ObjectNode root, Setting<T> setting) {
    setting.defaultValue().ifPresent(value -> put(root, setting.key(), setting.type().write(value)));
  }

  private static ObjectNode nest(String key, JsonNode value) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    put(root, key, value);
    return root;
  }

  private static void put(ObjectNode root, String key, JsonNode value) {
    String[] parts = key.split("\\.");
    ObjectNode parent = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = parent.get(parts[i]);
      parent = child instanceof ObjectNode object ? object : parent.putObject(parts[i]);
    }
    parent.set(parts[parts.length - 1], value);
  }

  private static String yaml(JsonNode node) {
    try {
      return Yaml.WRITER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
