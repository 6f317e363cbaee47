/**
 * The {@code file} transport: batch delivery only, one file per window.
 *
 * <p>A window's messages are written to {@code <prefix>-<window start>-<first message id>.csv} (or
 * {@code .jsonl}, plus {@code .gz} when compressed), the window start in UTC as {@code
 * yyyyMMdd'T'HHmmss'Z'}. The file is written under a hidden temporary name in the same directory,
 * forced to the disk and renamed over the final name in one atomic step (and the directory forced
 * where the platform allows): a reader sees a whole file or none, never part of one, as long as it
 * skips names starting with a dot.
 *
 * <p>Delivery is at least once, and a retry is idempotent: the name depends only on the messages,
 * so a window sent again after a failure replaces its file instead of adding a second one. A failed
 * write (directory missing and not creatable, not writable, disk full) is retried; a payload the
 * format cannot hold (CSV needs JSON objects) is not.
 */
package io.tributary.connectors.file;
