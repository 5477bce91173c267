/**
 * A lease and where it is kept: {@link dev.weft.dhcp.lease.Lease} (address, gateway, routes with
 * RFC 3442's rule that option 121 overrides 3 and 33, DNS, server, T1/T2/expiry) and its IPAM
 * {@link dev.weft.cni.result.Result}; {@link dev.weft.dhcp.lease.Attachment} (container, network,
 * interface; the client identifier); {@link dev.weft.dhcp.lease.ClientOptions} (the reference
 * plugin's {@code request}/{@code provide}); {@link dev.weft.dhcp.lease.LeaseStore}, one JSON file
 * per attachment, atomic, 0600 in a 0700 directory.
 *
 * <p>Routes and addresses are the CNI model's ({@link dev.weft.cni.result.Route},
 * {@link dev.weft.net.InterfaceAddress}): the {@code cni} module is values and Jackson only, so
 * depending on it costs nothing and avoids a second route type. The store's JSON is a plain
 * record ({@code LeaseFile}) of strings and numbers, readable by people and mapped by Jackson 3
 * without custom serialisers; unknown fields are ignored so a newer writer does not break an
 * older reader.
 */
package dev.weft.dhcp.lease;
