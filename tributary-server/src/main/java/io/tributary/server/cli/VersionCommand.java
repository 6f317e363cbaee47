package io.tributary.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tributary version}. */
@Command(name = "version", description = "Print the version.")
final class VersionCommand implements Runnable {
  @Override
  public void run() {
    System.out.println("tributary " + version());
  }

  static String version() {
    try (InputStream in = VersionCommand.class.getResourceAsStream("/io/tributary/server/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"tributary " + version()};
    }
  }
}
