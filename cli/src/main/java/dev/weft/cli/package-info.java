/**
 * The {@code weft} command line (picocli). Commands are thin: they parse arguments, build the
 * library objects and print. Results go to stdout as JSON; diagnostics go to stderr.
 */
package dev.weft.cli;
