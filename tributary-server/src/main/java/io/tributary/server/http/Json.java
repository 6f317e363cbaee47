package io.tributary.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.tributary.core.event.FieldError;
import java.util.List;

/** JSON bodies of the API: one mapper, one shape for errors. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static void send(ServerResponse res, Status status, ObjectNode body) {
    res.status(status);
    res.header(HeaderValues.CONTENT_TYPE_JSON);
    try {
      res.send(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A response body did not serialise", e);
    }
  }

  /**
   * An error: {@code {"success": false, "error": code, "message": message}}; the caller may add
   * fields.
   */
  static ObjectNode error(String code, String message) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("success", false);
    body.put("error", code);
    body.put("message", message);
    return body;
  }

  static void sendError(ServerResponse res, Status status, String code, String message) {
    send(res, status, error(code, message));
  }

  /** A 429 or 503 with Retry-After. */
  static void sendRetryLater(ServerResponse res, Status status, String code, String message, int retryAfterSeconds) {
    res.header(HeaderNames.RETRY_AFTER, Integer.toString(retryAfterSeconds));
    send(res, status, error(code, message));
  }

  static ArrayNode fieldErrors(List<FieldError> errors) {
    ArrayNode array = MAPPER.createArrayNode();
    for (FieldError e : errors) {
      array.addObject().put("field", e.field()).put("rule", e.rule()).put("message", e.message());
    }
    return array;
  }
}
