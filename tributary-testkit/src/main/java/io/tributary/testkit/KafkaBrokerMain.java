package io.tributary.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * The entry point of the broker JVM that {@link KafkaBroker} starts: formats the storage unless it
 * already is, then runs {@code kafka.Kafka} until it is stopped.
 *
 * <p>Arguments: the server.properties file and the cluster id. The broker exits when its standard
 * input reaches end of file, which happens when the JVM that started it dies by any means, even
 * {@code kill -9} that runs no shutdown hook: no broker outlives its tests.
 */
final class KafkaBrokerMain {
  private static final long HALT_AFTER_MILLIS = TimeUnit.SECONDS.toMillis(20);

  private KafkaBrokerMain() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("Expected arguments: <server.properties> <cluster id>");
      System.exit(2);
    }
    String properties = args[0];
    String clusterId = args[1];
    Thread.ofPlatform().daemon().name("exit-with-parent").start(KafkaBrokerMain::exitWhenParentGoes);
    int formatted =
        kafka.tools.StorageTool.execute(
            new String[] {"format", "--ignore-formatted", "--standalone", "-t", clusterId, "-c", properties},
            System.out);
    if (formatted != 0) {
      System.err.println("Formatting the storage failed with exit code " + formatted);
      System.exit(formatted);
    }
    kafka.Kafka.main(new String[] {properties});
  }

  private static void exitWhenParentGoes() {
    InputStream in = System.in;
    try {
      while (in.read() >= 0) {
        // nothing is ever sent; end of file means the parent is gone
      }
    } catch (IOException e) {
      // the pipe broke: the parent is gone as well
    }
    System.err.println("Standard input closed: the JVM that started this broker is gone or stopping it; shutting down");
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                Thread.sleep(HALT_AFTER_MILLIS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Runtime.getRuntime().halt(1);
            });
    System.exit(0);
  }
}
