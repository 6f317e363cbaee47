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
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
