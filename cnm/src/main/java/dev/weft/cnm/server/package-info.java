/**
 * The plugin socket (Jetty 12, unix domain) and the protocol's URL table with its error shapes.
 *
 * <p>Why {@code BlankHostConnectionFactory} subclasses Jetty's internal {@code HttpConnection}
 * (compiled with {@code --add-exports org.eclipse.jetty.server/org.eclipse.jetty.server.internal}):
 * dockerd's plugin client before moby commit 6b7705d (v25.0.0; this machine's Debian dockerd is
 * 20.10.24) sends {@code Host: } with an empty value. It puts the socket path in the request URL's
 * host, which Go's HTTP client of that time cleaned down to nothing (seen on the wire here: every
 * request of dockerd 20.10.24 carries an empty Host). Jetty 12 answers such a request
 * {@code 400 Blank Host}, and no supported setting changes that: in 12.1.14,
 * {@code HttpConnection.HttpStreamOverHTTP1.headerComplete} throws it whenever a Host field is
 * present and blank and the target is origin-form, unconditionally — it consults no
 * {@code HttpCompliance} (whose {@code Violation}s cover duplicate, unsafe and mismatched Host
 * headers, not a blank one: {@code HttpCompliance.from(...)} cannot relax it), and it runs before
 * any {@code HttpConfiguration.Customizer} or handler sees the request ({@code setServerAuthority}
 * only fills in a missing Host). jetty/jetty.project#11287 reports the same unconditional check.
 * The one seam is the parser's callback, {@code RequestHandler.parsedHeader}, which only a subclass
 * of the internal {@code HttpConnection} can reach; the subclass replaces a blank Host with
 * {@code localhost} and leaves everything else to Jetty. Hazard: an internal class may change in
 * any Jetty release; {@code CnmProtocolTest} sends Docker's blank-Host request over the real socket,
 * so an upgrade that breaks this fails there, not in production. Dropping the workaround needs
 * either a Jetty option for blank Hosts or only dockerd 25.0 and later ({@code plugin.moby.localhost}).
 */
package dev.weft.cnm.server;
