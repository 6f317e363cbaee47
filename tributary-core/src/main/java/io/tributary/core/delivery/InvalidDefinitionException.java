package io.tributary.core.delivery;

import io.tributary.core.event.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** A destination definition was refused; each error names the field and the rule it broke. */
public final class InvalidDefinitionException extends IllegalArgumentException {
  private final transient List<FieldError> errors;

  public InvalidDefinitionException(List<FieldError> errors) {
    super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("Expected at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
