package io.tributary.connectors.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The one running {@link CamelContext} of every camel destination: started when the first
 * transport is created, stopped when the last one closes or the factory closes, and started anew
 * for the next transport after that.
 */
final class SharedCamelContext implements AutoCloseable {
  private CamelContext context;
  private int users;

  /** The running context, started if none runs; give it back with {@link #release}. */
  synchronized CamelContext acquire() {
    if (context == null) {
      CamelContext c = new DefaultCamelContext();
      c.getCamelContextExtension().setName("tributary");
      c.start();
      context = c;
    }
    users++;
    return context;
  }

  /** Gives back a context from {@link #acquire}; the last one given back stops it. */
  synchronized void release(CamelContext c) {
    if (c == context && --users == 0) {
      close();
    }
  }

  synchronized boolean running() {
    return context != null && context.isStarted();
  }

  /** Stops the context even while transports use it; their sends fail from then on. */
  @Override
  public synchronized void close() {
    if (context != null) {
      context.shutdown();
      context = null;
      users = 0;
    }
  }
}
