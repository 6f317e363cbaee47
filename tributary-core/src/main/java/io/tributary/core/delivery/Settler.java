package io.tributary.core.delivery;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes the outcomes of sends back to the outbox for every worker of an engine, in as few
 * transactions as the store allows: one thread takes whatever outcomes are waiting and settles
 * them together. On the embedded store every write shares the processor's one writer connection,
 * so one transaction per send (or per worker turn) would make the processor and the workers wait
 * for each other.
 *
 * <p>Until its outcome is written, a message's id is {@link #isSettling settling}: workers reading
 * the outbox skip it, so a delivered message is never read, and sent, again. An outcome that
 * cannot be written (the store is down) is kept and written once the store answers.
 */
final class Settler implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Settler.class.getName());
  private static final int MAX_PER_TRANSACTION = 5_000;

  private final Outbox outbox;
  private final LinkedBlockingQueue<Settlement> queue = new LinkedBlockingQueue<>();
  private final Set<Long> settling = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean closed;

  Settler(Outbox outbox) {
    this.outbox = outbox;
    this.thread = Thread.ofPlatform().name("delivery-settler").daemon(true).start(this::run);
  }

  /** Queues outcomes; their ids are settling from now until written. */
  void submit(List<Settlement> outcomes) {
    for (Settlement s : outcomes) {
      settling.add(s.id());
    }
    queue.addAll(outcomes);
  }

  boolean isSettling(long id) {
    return settling.contains(id);
  }

  /**
   * The ids settling now, as a copy. A reader of the outbox takes it before its query: an outcome
   * written while the query runs leaves {@link #isSettling} at once, yet the query may still return
   * the row as it was.
   */
  Set<Long> settlingNow() {
    return Set.copyOf(settling);
  }

  private void run() {
    List<Settlement> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty() || !batch.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          Settlement first = queue.poll(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
        }
        queue.drainTo(batch, MAX_PER_TRANSACTION - batch.size());
        write(batch);
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (closed) {
          LOG.log(Level.WARNING, "could not record " + batch.size() + " delivery outcomes at shutdown; those messages will be sent again");
          return;
        }
        LOG.log(Level.WARNING, "recording delivery outcomes failed, will try again: " + e.getMessage());
        io.tributary.core.processing.Pause.quietly(500);
      }
    }
  }

  private void write(List<Settlement> batch) {
    outbox.settle(batch);
    for (Settlement s : batch) {
      settling.remove(s.id());
    }
  }

  /** Writes what is queued (waiting up to {@code millis}) and stops. */
  void close(long millis) {
    closed = true;
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(10_000);
  }
}
