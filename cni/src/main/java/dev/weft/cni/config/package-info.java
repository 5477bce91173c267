/**
 * Network configurations as the spec defines them, parsed into values that keep the original
 * JSON: plugins receive their configuration byte-for-byte plus what the runtime injects
 * ({@code name}, {@code cniVersion}, {@code runtimeConfig}, {@code prevResult}).
 *
 * <p>Parsing is pure; loading files from a directory is the runtime's job. Every error is CNI
 * code 7 (or 1 for versions) with the field path in the message.
 */
package dev.weft.cni.config;
