/**
 * The network driver. Hazards: libnetwork calls CreateEndpoint before the sandbox exists and moves
 * the device itself at Join, so devices are made in a staging namespace and handed back to the
 * host; a driver killed between the two leaves a staging namespace {@code weft-cnm-*}, removed by
 * the next plug of that endpoint. Deleting an unknown network or endpoint succeeds (Docker must be
 * able to forget what the driver lost); creating on an unknown one fails. DeleteNetwork collects
 * endpoints Docker did not delete.
 */
package dev.weft.cnm.network;
