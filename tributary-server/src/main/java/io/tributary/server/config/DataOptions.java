package io.tributary.server.config;

import java.nio.file.Path;

/**
 * Where the hub keeps its data.
 *
 * @param dir see {@link Settings#DATA_DIR}; may be relative to the working directory
 */
public record DataOptions(Path dir) {

  /** @throws IllegalArgumentException if the path is empty */
  public DataOptions {
    Settings.DATA_DIR.requireValid(dir);
  }
}
