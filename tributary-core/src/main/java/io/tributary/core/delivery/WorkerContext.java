package io.tributary.core.delivery;

import java.time.InstantSource;

/** What every worker of one engine shares. */
record WorkerContext(Outbox outbox, Settler settler, InstantSource clock, DeliveryMetrics metrics, DeliveryEngine.Options options) {}
