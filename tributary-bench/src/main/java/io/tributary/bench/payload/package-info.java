/**
 * Synthetic retail events over a pool of synthetic people, pre-rendered to bytes before a run so
 * that generating them is never part of what is measured.
 *
 * <p>No real personal data: every name has the surname "Example", every e-mail address is at {@code
 * example.com} (reserved by RFC 2606), every phone number is in the North American
 * 555-0100..555-0199 block reserved for fiction, and every IP address is in TEST-NET-2 (RFC 5737).
 */
package io.tributary.bench.payload;
