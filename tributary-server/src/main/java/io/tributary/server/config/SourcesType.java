package io.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The list of sources. Ids and write keys are unique. Besides YAML flow syntax, its environment
 * variable accepts the compact form {@code id=write-key,id=write-key}.
 */
final class SourcesType extends StructuredType<List<SourceOptions>> {

  private final ListType<SourceOptions> list = ListType.of(new SourceType(), "sources");

  List<ObjectField<?>> fields() {
    return ((SourceType) list.element()).fields();
  }

  @Override
  public String description() {
    return list.description() + " with unique ids and write keys";
  }

  @Override
  public Optional<List<SourceOptions>> read(JsonNode node, String path, Problems problems) {
    return list.read(node, path, problems);
  }

  @Override
  public Optional<List<SourceOptions>> readEnv(String text, String path, Problems problems) {
    String trimmed = text.strip();
    if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
      return super.readEnv(text, path, problems);
    }
    return readCompact(trimmed, path, problems);
  }

  private Optional<List<SourceOptions>> readCompact(String text, String path, Problems problems) {
    List<SourceOptions> sources = new ArrayList<>();
    Problems local = new Problems();
    String[] entries = text.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      String entryPath = path + "[" + i + "]";
      int equals = entry.indexOf('=');
      if (equals < 0) {
        local.add(entryPath, "expected id=write-key (compact form, entries separated by commas)"
            + " or a YAML flow list such as [{id: web, write-key: ...}], but was "
            + Shown.text(entry));
        continue;
      }
      String id = entry.substring(0, equals).strip();
      String writeKey = entry.substring(equals + 1).strip();
      Problems entryProblems = new Problems();
      SourceType.ID.type().validate(id, entryPath + ".id", entryProblems);
      SourceType.WRITE_KEY.type().validate(writeKey, entryPath + ".write-key", entryProblems);
      if (entryProblems.isEmpty()) {
        sources.add(new SourceOptions(id, writeKey, Optional.empty()));
      }
      local.addAll(entryProblems, "");
    }
    problems.addAll(local, "");
    return local.isEmpty() ? Optional.of(List.copyOf(sources)) : Optional.empty();
  }

  @Override
  public void validate(List<SourceOptions> sources, String path, Problems problems) {
    Map<String, Integer> ids = new HashMap<>();
    Map<String, Integer> writeKeys = new HashMap<>();
    for (int i = 0; i < sources.size(); i++) {
      SourceOptions source = sources.get(i);
      Integer sameId = ids.putIfAbsent(source.id(), i);
      if (sameId != null) {
        problems.add(path + "[" + i + "].id", "expected unique source ids, but "
            + Shown.text(source.id()) + " is also the id of " + path + "[" + sameId + "]");
      }
      Integer sameKey = writeKeys.putIfAbsent(source.writeKey(), i);
      if (sameKey != null) {
        problems.add(path + "[" + i + "].write-key", "expected unique write keys, but it equals"
            + " the write key of " + path + "[" + sameKey + "]");
      }
    }
  }

  @Override
  public JsonNode write(List<SourceOptions> sources) {
    return list.write(sources);
  }
}
