/**
 * Running plugin executables. {@link dev.weft.invoke.PluginExec} is the one narrow seam:
 * {@link dev.weft.invoke.ProcessExec} for real processes, {@link dev.weft.invoke.FakeExec}
 * for tests. {@link dev.weft.invoke.Invoker} turns a call into the spec's environment and
 * decodes what comes back (result, error JSON, or failure), and is shared by the runtime and by
 * plugins that delegate to IPAM.
 */
package dev.weft.invoke;
