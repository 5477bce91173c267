/**
 * Running plugin executables. {@link dev.weft.runtime.exec.PluginExec} is the one narrow seam:
 * {@link dev.weft.runtime.exec.ProcessExec} for real processes, {@link dev.weft.runtime.exec.FakeExec}
 * for tests. {@link dev.weft.runtime.exec.Invoker} turns a call into the spec's environment and
 * decodes what comes back (result, error JSON, or failure), and is shared by the runtime and by
 * plugins that delegate to IPAM.
 */
package dev.weft.runtime.exec;
