/**
 * The hub's configuration: one optional YAML file plus {@code TRIBUTARY_*} environment variables,
 * loaded into the immutable {@link io.tributary.server.config.TributaryConfig} record tree.
 *
 * <p>Every setting is defined once, in {@link io.tributary.server.config.Settings}: its key, type,
 * default, documentation and validation. Loading, validation, error messages and the generated
 * {@code docs/configuration.md} ({@link io.tributary.server.config.ConfigurationDocs}) all read
 * that registry. Classes that are not public are internal to this package.
 */
package io.tributary.server.config;
