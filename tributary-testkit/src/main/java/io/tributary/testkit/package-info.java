/**
 * Real external servers for tests, each started as a process of its own on free local ports:
 * {@link io.tributary.testkit.PostgresServer}.
 */
package io.tributary.testkit;
