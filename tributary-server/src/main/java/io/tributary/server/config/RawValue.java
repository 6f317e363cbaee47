package io.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** A setting's value as configured, before it is read as its type, with where it came from. */
sealed interface RawValue {

  /** Where the value came from, completing "(in ...)", e.g. {@code tributary.yaml, line 3}. */
  String origin();

  /** Reads the value as {@code type}, reporting problems under {@code path}. */
  <T> Optional<T> read(ValueType<T> type, String path, Problems problems);

  /** A value from the YAML file. */
  record FromFile(JsonNode node, String origin) implements RawValue {
    @Override
    public <T> Optional<T> read(ValueType<T> type, String path, Problems problems) {
      return type.read(node, path, problems);
    }

    @Override
    public String toString() {
      // The node may hold a secret, e.g. admin.token.
      return "FromFile[" + origin + "]";
    }
  }

  /** A value from an environment variable. */
  record FromEnv(String text, String origin) implements RawValue {
    @Override
    public <T> Optional<T> read(ValueType<T> type, String path, Problems problems) {
      return type.readEnv(text, path, problems);
    }

    @Override
    public String toString() {
      // The text may be a secret, e.g. TRIBUTARY_ADMIN_TOKEN.
      return "FromEnv[" + origin + "]";
    }
  }
}
