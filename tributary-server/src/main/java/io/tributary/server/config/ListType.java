package io.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A list of elements of one type, optionally without duplicates. */
final class ListType<E> extends StructuredType<List<E>> {

  /** Elements that are any string; the list's description needs no "each ...". */
  static final StringType ANY_STRING = StringType.of("a string", s -> true);

  private final ValueType<E> element;
  private final String elementsDescription;
  private final boolean distinct;

  private ListType(ValueType<E> element, String elementsDescription, boolean distinct) {
    this.element = element;
    this.elementsDescription = elementsDescription;
    this.distinct = distinct;
  }

  /**
   * A list whose elements have type {@code element}.
   *
   * @param elementsDescription the elements in the plural, completing "a list of ...", e.g.
   *     {@code trait keys}
   */
  static <E> ListType<E> of(ValueType<E> element, String elementsDescription) {
    return new ListType<>(element, elementsDescription, false);
  }

  /** The same list type, in which no element may appear twice. */
  ListType<E> distinct() {
    return new ListType<>(element, elementsDescription, true);
  }

  ValueType<E> element() {
    return element;
  }

  @Override
  public String description() {
    String list = (distinct ? "a list of distinct " : "a list of ") + elementsDescription;
    if (element instanceof ObjectType<?> object) {
      return list + " " + object.fieldSummary();
    }
    return element == ANY_STRING ? list : list + ", each " + element.description();
  }

  @Override
  public Optional<List<E>> read(JsonNode node, String path, Problems problems) {
    if (!node.isArray()) {
      problems.add(path, "expected a list of " + elementsDescription + ", but was "
          + Shown.node(node));
      return Optional.empty();
    }
    List<E> values = new ArrayList<>();
    boolean complete = true;
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String itemPath = path + "[" + i + "]";
      if (item.isNull()) {
        problems.add(itemPath, "expected " + element.description() + ", but was empty");
        complete = false;
        continue;
      }
      Optional<E> value = element.read(item, itemPath, problems);
      value.ifPresent(values::add);
      complete &= value.isPresent();
    }
    return complete ? Optional.of(List.copyOf(values)) : Optional.empty();
  }

  @Override
  public void validate(List<E> values, String path, Problems problems) {
    Map<E, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < values.size(); i++) {
      E value = values.get(i);
      element.validate(value, path + "[" + i + "]", problems);
      Integer first = firstIndex.putIfAbsent(value, i);
      if (distinct && first != null) {
        problems.add(path + "[" + i + "]", "expected distinct values, but this one equals "
            + path + "[" + first + "]");
      }
    }
  }

  @Override
  public JsonNode write(List<E> values) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    values.forEach(value -> array.add(element.write(value)));
    return array;
  }
}
