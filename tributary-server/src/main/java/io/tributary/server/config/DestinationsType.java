package io.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tributary.core.delivery.DefinitionJson;
import io.tributary.core.delivery.DestinationDefinition;
import io.tributary.core.delivery.InvalidDefinitionException;
import io.tributary.core.event.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The list of destinations, each in the shape {@link DefinitionJson} reads (the same document the
 * admin API takes). Here the shape is checked; the filters, mappings and transport options are
 * compiled when the hub starts.
 */
final class DestinationsType extends StructuredType<List<DestinationDefinition>> {

  @Override
  public String description() {
    return "a list of destination definitions (see docs/destinations.md)";
  }

  @Override
  public Optional<List<DestinationDefinition>> read(JsonNode node, String path, Problems problems) {
    if (!node.isArray()) {
      problems.add(path, "expected " + description() + ", but was " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
      return Optional.empty();
    }
    List<DestinationDefinition> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < node.size(); i++) {
      try {
        out.add(DefinitionJson.read(node.get(i), null));
      } catch (InvalidDefinitionException e) {
        ok = false;
        for (FieldError error : e.errors()) {
          problems.add(path + "[" + i + "]." + error.field(), error.message());
        }
      }
    }
    return ok ? Optional.of(List.copyOf(out)) : Optional.empty();
  }

  @Override
  public void validate(List<DestinationDefinition> destinations, String path, Problems problems) {
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < destinations.size(); i++) {
      Integer same = names.putIfAbsent(destinations.get(i).name(), i);
      if (same != null) {
        problems.add(path + "[" + i + "].name", "expected unique destination names, but "
            + Shown.text(destinations.get(i).name()) + " is also the name of " + path + "[" + same + "]");
      }
    }
  }

  @Override
  public JsonNode write(List<DestinationDefinition> destinations) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    destinations.forEach(d -> array.add(DefinitionJson.write(d)));
    return array;
  }
}
