package io.tributary.core.delivery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The transport types the hub knows, by name. */
public final class TransportRegistry implements AutoCloseable {
  private final Map<String, TransportFactory> factories = new LinkedHashMap<>();

  public TransportRegistry(List<TransportFactory> factories) {
    for (TransportFactory f : factories) {
      if (this.factories.putIfAbsent(f.type(), f) != null) {
        throw new IllegalArgumentException("Expected one transport factory per type, but '" + f.type() + "' came twice");
      }
    }
  }

  public Optional<TransportFactory> get(String type) {
    return Optional.ofNullable(factories.get(type));
  }

  public Set<String> types() {
    return factories.keySet();
  }

  /** Closes the factories that hold resources shared by their transports. */
  @Override
  public void close() {
    for (TransportFactory f : factories.values()) {
      if (f instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          System.getLogger(TransportRegistry.class.getName()).log(System.Logger.Level.WARNING, "closing the " + f.type() + " transports failed: " + e);
        }
      }
    }
  }
}
