package io.tributary.core.processing;

/** Waiting between retries on the processing threads. */
public final class Pause {
  private Pause() {}

  /**
   * Sleeps for {@code millis}; an interrupt ends the sleep early and stays set, so the caller's
   * loop sees it when it checks whether to go on.
   */
  public static void quietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
