/**
 * The plugin SDK, weft's equivalent of Go's {@code pkg/skel}: a plugin is a class implementing
 * {@link dev.weft.sdk.Plugin} and a {@code main} that calls {@link dev.weft.sdk.Skel#main}.
 *
 * <p>{@link dev.weft.sdk.Dispatcher} validates the environment per command, negotiates the
 * version, hands the plugin a typed {@link dev.weft.sdk.Request}, converts its result to the
 * configuration's {@code cniVersion}, and is the single place where exceptions become the spec's
 * error JSON with exit code 1. Process I/O (env, stdin, stdout, stderr) is injected, so the same
 * plugin code runs behind the exec entry point, inside the node agent, and in tests with
 * in-memory streams. Logs go to stderr only: stdout is the CNI contract.
 */
package dev.weft.sdk;
