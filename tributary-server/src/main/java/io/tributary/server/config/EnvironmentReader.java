package io.tributary.server.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the {@code TRIBUTARY_*} environment variables. Every one must be a setting or a variable of
 * the launcher ({@link Settings#LAUNCHER_ENV_VARS}), so that a misspelt name does not pass
 * silently. An empty variable counts as unset, as it does in most shells and compose files.
 */
final class EnvironmentReader {

  private EnvironmentReader() {}

  /** The settings given by {@code env}, by key; unknown variables go to {@code problems}. */
  static Map<String, RawValue> read(Map<String, String> env, Problems problems) {
    Map<String, RawValue> values = new HashMap<>();
    // Sorted, so that problems are reported in a stable order.
    for (Map.Entry<String, String> variable : new TreeMap<>(env).entrySet()) {
      String name = variable.getKey();
      if (!name.startsWith(Settings.ENV_PREFIX) || Settings.LAUNCHER_ENV_VARS.contains(name)) {
        continue;
      }
      var setting = Settings.byEnvName(name);
      if (setting.isEmpty()) {
        problems.add(name, "unknown environment variable; " + hint(name));
      } else if (!variable.getValue().isEmpty()) {
        values.put(setting.get().key(),
            new RawValue.FromEnv(variable.getValue(), "environment variable " + name));
      }
    }
    return values;
  }

  private static String hint(String name) {
    String rest = name.substring(Settings.ENV_PREFIX.length());
    int underscore = rest.indexOf('_');
    String section = Settings.ENV_PREFIX + (underscore < 0 ? rest : rest.substring(0, underscore + 1));
    List<String> similar = Settings.all().stream()
        .map(Setting::envName)
        .filter(envName -> envName.startsWith(section))
        .toList();
    if (!similar.isEmpty()) {
      return "expected one of " + String.join(", ", similar);
    }
    return "expected a setting's variable (see docs/configuration.md) or one of the launcher's: "
        + String.join(", ", Settings.LAUNCHER_ENV_VARS.stream().sorted().toList());
  }
}
