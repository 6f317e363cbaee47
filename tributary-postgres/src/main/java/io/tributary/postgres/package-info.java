/**
 * The state store on PostgreSQL, for several hub instances sharing one database: {@link
 * io.tributary.postgres.PostgresStateStore}.
 */
package io.tributary.postgres;
