package io.tributary.server.config;

/** How hard the embedded event log waits for the disk before an append counts as durable. */
public enum LogSynchronous {
  /** Every commit is fsynced: an event answered 2xx survives a power loss. */
  FULL,
  /**
   * Commits are fsynced at checkpoints only: faster, and safe against a crash of the process, but
   * a power loss or operating-system crash can lose the last commits although they were answered
   * 2xx.
   */
  NORMAL
}
