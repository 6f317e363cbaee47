package io.tributary.core.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** What a batch gives every item that does not say otherwise; all nullable. */
record BatchDefaults(ObjectNode context, ObjectNode integrations, Instant sentAt) {
  static final BatchDefaults NONE = new BatchDefaults(null, null, null);
}
