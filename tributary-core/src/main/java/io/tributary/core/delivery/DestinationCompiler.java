package io.tributary.core.delivery;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.tributary.core.event.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compiles definitions: the CEL filter (type-checked, must give a boolean), the JSONata mapping
 * (parsed) and the transport's options (validated by its factory). Every problem is reported with
 * the field it is in, all at once.
 */
public final class DestinationCompiler {
  /** Whole and fractional numbers compare as numbers, as JSON has one number type. */
  private static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();

  private final TransportRegistry transports;
  private final CelCompiler cel =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .setOptions(OPTIONS)
          .addVar("event", SimpleType.DYN)
          .addVar("profile", SimpleType.DYN)
          .setResultType(SimpleType.BOOL)
          .build();
  private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  public DestinationCompiler(TransportRegistry transports) {
    this.transports = Objects.requireNonNull(transports, "transports");
  }

  public TransportRegistry transports() {
    return transports;
  }

  /** @throws InvalidDefinitionException naming each field that does not compile */
  public Destination compile(DestinationDefinition d) {
    List<FieldError> errors = new ArrayList<>();
    CelRuntime.Program filter = null;
    if (d.filter() != null) {
      try {
        filter = runtime.createProgram(cel.compile(d.filter()).getAst());
      } catch (CelValidationException e) {
        errors.add(new FieldError("filter", "cel", "The CEL filter does not compile: " + e.getMessage()));
      } catch (CelEvaluationException e) {
        errors.add(new FieldError("filter", "cel", "The CEL filter cannot run: " + e.getMessage()));
      }
    }
    Jsonata mapping = null;
    if (d.mapping() != null) {
      try {
        mapping = Jsonata.jsonata(d.mapping());
      } catch (JException | IllegalArgumentException e) {
        errors.add(new FieldError("mapping", "jsonata", "The JSONata mapping does not parse: " + e.getMessage()));
      } catch (RuntimeException | StackOverflowError e) {
        // The parser fails this way on some malformed or too deeply nested expressions.
        errors.add(new FieldError("mapping", "jsonata", "The JSONata mapping does not parse: " + e.getClass().getSimpleName()));
      }
    }
    var factory = transports.get(d.transport().type());
    if (factory.isEmpty()) {
      errors.add(
          new FieldError(
              "transport.type", "one-of", "Expected transport.type to be one of " + transports.types() + ", but got '" + d.transport().type() + "'"));
    } else {
      errors.addAll(factory.get().validate(d.transport().options(), d.delivery()));
    }
    if (!errors.isEmpty()) {
      throw new InvalidDefinitionException(errors);
    }
    return new Destination(d, filter, mapping);
  }
}
