package dev.weft.dhcp.transport;

import dev.weft.net.InterfaceName;
import dev.weft.net.MacAddress;

/**
 * What the lease manager needs from the system: the container's interface, ready for DHCP, and a
 * socket on it. {@link KernelNetwork} is the real one; tests may substitute their own.
 */
public interface Network {
    /**
     * Sets {@code ifName} in namespace {@code netns} up if it is not, and returns its MAC; a missing
     * namespace or interface is a {@link dev.weft.dhcp.client.DhcpException} with reason
     * {@code NO_INTERFACE}.
     */
    MacAddress prepare(String netns, InterfaceName ifName);

    /** Opens the client's socket on {@code ifName} inside {@code netns}. */
    DhcpSocket open(String netns, InterfaceName ifName);
}
