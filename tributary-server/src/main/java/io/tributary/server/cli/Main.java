package io.tributary.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tributary} command line. */
@Command(
    name = "tributary",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Tributary: a real-time customer integration hub.",
    subcommands = {ServeCommand.class, DemoCommand.class, VersionCommand.class})
public final class Main implements Runnable {
  /** Held so the level set on it is not lost when java.util.logging drops unreferenced loggers. */
  private static final java.util.logging.Logger POOL_LOGGER = java.util.logging.Logger.getLogger("com.zaxxer.hikari");

  /** Kafka's clients log every configuration at INFO; their warnings and errors still show. */
  private static final java.util.logging.Logger KAFKA_LOGGER = java.util.logging.Logger.getLogger("org.apache.kafka");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    configureLogging();
    System.exit(new CommandLine(new Main()).execute(args));
  }

  /**
   * One line per record on standard error, unless the user configured java.util.logging
   * themselves; the connection pool's start-up chatter is kept to warnings.
   */
  static void configureLogging() {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$-7s %3$s - %5$s%6$s%n");
    java.util.logging.LogManager.getLogManager().reset();
    var handler = new java.util.logging.ConsoleHandler();
    handler.setFormatter(new java.util.logging.SimpleFormatter());
    handler.setLevel(java.util.logging.Level.ALL);
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.addHandler(handler);
    root.setLevel(java.util.logging.Level.INFO);
    POOL_LOGGER.setLevel(java.util.logging.Level.WARNING);
    KAFKA_LOGGER.setLevel(java.util.logging.Level.WARNING);
  }
}
