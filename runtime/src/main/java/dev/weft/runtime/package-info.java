/**
 * weft's CNI runtime, the equivalent of Go's libcni: load configuration lists, run plugin chains
 * (ADD with prevResult, DEL in reverse, CHECK, GC with valid attachments, STATUS), negotiate and
 * validate versions, and cache results per attachment in libcni's on-disk layout.
 *
 * <p>Plugins are executed through {@link dev.weft.invoke.PluginExec}: the real one starts a
 * process with a timeout and output limits; tests use an in-memory fake. The runtime itself never
 * reads the process environment: callers pass a {@link dev.weft.runtime.RuntimeConf}.
 */
package dev.weft.runtime;
