package io.tributary.connectors.file;

import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.delivery.Transport;
import io.tributary.core.delivery.TransportFactory;
import io.tributary.core.event.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code file} transport: each batch window of a destination becomes one CSV or JSON Lines
 * file in a directory. Options are described by {@link FileOptions}; only batch delivery is
 * accepted.
 */
public final class FileTransportFactory implements TransportFactory {
  @Override
  public String type() {
    return "file";
  }

  @Override
  public List<FieldError> validate(Map<String, Object> options, DeliveryMode mode) {
    List<FieldError> errors = new ArrayList<>();
    check(mode, errors);
    FileOptions.read(options, "unnamed", errors); // the name only gives the default prefix
    return List.copyOf(errors);
  }

  @Override
  public Transport create(String destination, Map<String, Object> options, DeliveryMode mode) {
    Objects.requireNonNull(destination, "destination");
    List<FieldError> errors = new ArrayList<>();
    check(mode, errors);
    FileOptions read = FileOptions.read(options, destination, errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Expected valid file transport options for destination '" + destination + "', but " + errors);
    }
    return new FileTransport(read, (DeliveryMode.Batch) mode);
  }

  private static void check(DeliveryMode mode, List<FieldError> errors) {
    Objects.requireNonNull(mode, "mode");
    if (!(mode instanceof DeliveryMode.Batch)) {
      errors.add(
          new FieldError(
              "delivery.mode", "batch-only", "Expected delivery.mode batch for the file transport, which writes one file per window, but got realtime"));
    }
  }
}
