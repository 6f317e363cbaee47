package io.tributary.connectors.camel;

import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.delivery.Transport;
import io.tributary.core.delivery.TransportFactory;
import io.tributary.core.event.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;

/**
 * The {@code camel} transport: each payload goes to any Apache Camel endpoint URI whose component
 * is on the classpath ({@code file:}, {@code smtp:} and {@code smtps:} ship with the hub). Options
 * are described by {@link CamelOptions}; both delivery modes are accepted.
 *
 * <p>All transports share one {@link CamelContext}, started with the first and stopped with the
 * last, or when this factory closes. Validation uses a second context that is never started, so
 * that checking a URI starts nothing and connects nowhere.
 */
public final class CamelTransportFactory implements TransportFactory, AutoCloseable {
  private final SharedCamelContext shared = new SharedCamelContext();
  private CamelContext validation;

  @Override
  public String type() {
    return "camel";
  }

  @Override
  public List<FieldError> validate(Map<String, Object> options, DeliveryMode mode) {
    Objects.requireNonNull(mode, "mode");
    List<FieldError> errors = new ArrayList<>();
    CamelOptions.read(options, errors);
    if (options.get("uri") instanceof String uri && !uri.isBlank()) {
      checkEndpoint(uri, errors);
    }
    return List.copyOf(errors);
  }

  @Override
  public Transport create(String destination, Map<String, Object> options, DeliveryMode mode) {
    Objects.requireNonNull(destination, "destination");
    List<FieldError> errors = new ArrayList<>();
    CamelOptions read = CamelOptions.read(options, errors);
    if (read == null) {
      throw new IllegalArgumentException("Expected valid camel transport options for destination '" + destination + "', but " + errors);
    }
    CamelContext context = shared.acquire();
    try {
      Endpoint endpoint = context.getEndpoint(read.uri());
      return new CamelTransport(endpoint, context.createProducerTemplate(), read.headers(), () -> shared.release(context));
    } catch (RuntimeException e) {
      shared.release(context);
      throw e;
    }
  }

  /** Whether the shared context runs: between the first transport created and the last closed. */
  boolean running() {
    return shared.running();
  }

  /** Stops the shared context; transports still open fail their sends (retryably) from then on. */
  @Override
  public void close() {
    shared.close();
    synchronized (this) {
      if (validation != null) {
        validation.shutdown();
        validation = null;
      }
    }
  }

  private void checkEndpoint(String uri, List<FieldError> errors) {
    int colon = uri.indexOf(':');
    if (colon < 1) {
      errors.add(new FieldError("transport.uri", "format:uri", "Expected transport.uri to start with a component's scheme, e.g. file: or smtp:"));
      return;
    }
    String scheme = uri.substring(0, colon);
    CamelContext context = validationContext();
    if (component(context, scheme) == null) {
      errors.add(
          new FieldError(
              "transport.uri",
              "camel:component",
              "Expected the scheme of transport.uri to name a Camel component on the classpath, but there is no '" + scheme + "'; there are "
                  + new TreeSet<>(PluginHelper.getComponentNameResolver(context).resolveNames(context))));
      return;
    }
    try {
      context.removeEndpoint(context.getEndpoint(uri));
    } catch (Exception e) {
      errors.add(new FieldError("transport.uri", "camel:endpoint", "Expected transport.uri to be an endpoint of component '" + scheme + "', but " + innermost(e)));
    }
  }

  /** Camel wraps the reason an endpoint cannot be made, repeating the URI at each level. */
  private static String innermost(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      message = t.getMessage() == null ? message : t.getMessage();
    }
    return message;
  }

  private static Object component(CamelContext context, String scheme) {
    try {
      return context.getComponent(scheme);
    } catch (RuntimeException e) {
      return null; // not even a name a component could have
    }
  }

  private synchronized CamelContext validationContext() {
    if (validation == null) {
      DefaultCamelContext c = new DefaultCamelContext();
      c.getCamelContextExtension().setName("tributary-validation");
      validation = c;
    }
    return validation;
  }
}
