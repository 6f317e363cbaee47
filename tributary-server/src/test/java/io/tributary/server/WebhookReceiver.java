package io.tributary.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A real HTTP server on a free port standing in for a downstream system: records every request
 * and answers as its current behaviour says (which a test may change while it runs).
 */
final class WebhookReceiver implements AutoCloseable {
  /** One request as received. */
  record Request(String method, String path, Map<String, List<String>> headers, byte[] body, Instant at, int answered) {
    String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().getFirst();
        }
      }
      return null;
    }

    JsonNode json() {
      try {
        return HubClient.JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    boolean accepted() {
      return answered >= 200 && answered < 300;
    }
  }

  /** What to answer: a status, headers, a body, after a delay. */
  record Answer(int status, Map<String, String> headers, String body, Duration delay) {
    static Answer status(int status) {
      return new Answer(status, Map.of(), "", Duration.ZERO);
    }
  }

  static final Function<Integer, Answer> OK = n -> Answer.status(200);

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private volatile Function<Integer, Answer> behaviour;

  /** @param behaviour the answer to the n-th request (counting from 1) */
  WebhookReceiver(Function<Integer, Answer> behaviour) {
    this.behaviour = behaviour;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    int n = count.incrementAndGet();
    Answer a = behaviour.apply(n);
    if (!a.delay().isZero()) {
      HubClient.sleep(a.delay().toMillis());
    }
    requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body, Instant.now(), a.status()));
    a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] out = a.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try {
      ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        ex.getResponseBody().write(out);
      }
    } catch (IOException clientGone) {
      // the hub timed out and hung up: recorded anyway
    } finally {
      ex.close();
    }
  }

  void behave(Function<Integer, Answer> b) {
    this.behaviour = b;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  List<Request> accepted() {
    return requests.stream().filter(Request::accepted).toList();
  }

  /** Waits until the recorded requests satisfy the condition; fails with how many there were. */
  List<Request> await(Predicate<List<Request>> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<Request> now = requests();
      if (condition.test(now)) {
        return now;
      }
      HubClient.sleep(20);
    }
    throw new AssertionError("Expected the receiver's requests to meet the condition within " + timeout + ", but it got " + requests.size());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
