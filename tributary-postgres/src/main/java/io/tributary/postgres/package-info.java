/** Placeholder until the module's first class lands. */
package io.tributary.postgres;
