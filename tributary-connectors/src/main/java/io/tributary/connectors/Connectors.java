package io.tributary.connectors;

import io.tributary.connectors.camel.CamelTransportFactory;
import io.tributary.connectors.file.FileTransportFactory;
import io.tributary.connectors.http.HttpTransportFactory;
import io.tributary.connectors.jdbc.JdbcTransportFactory;
import io.tributary.connectors.kafka.KafkaTransportFactory;
import io.tributary.core.delivery.TransportRegistry;
import java.util.List;

/** The transports the hub ships with: http, kafka, jdbc, file and camel. */
public final class Connectors {
  private Connectors() {}

  /** A new registry; close it after the destinations that use it (the Camel context stops then). */
  public static TransportRegistry registry() {
    return new TransportRegistry(
        List.of(
            new HttpTransportFactory(),
            new KafkaTransportFactory(),
            new JdbcTransportFactory(),
            new FileTransportFactory(),
            new CamelTransportFactory()));
  }
}
