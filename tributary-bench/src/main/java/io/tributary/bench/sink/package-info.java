/**
 * Webhook receivers for the delivery benchmark: HTTP servers that answer a hub's webhook requests
 * at once and record, per request, when it arrived and when the event in it was sent to the hub.
 */
package io.tributary.bench.sink;
