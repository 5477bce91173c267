/**
 * Addresses on interfaces (RTM_NEWADDR/DELADDR/GETADDR), v4 and v6, as
 * {@link dev.weft.net.InterfaceAddress} values (host bits kept). {@code replace} is the idempotent
 * form; IFA_F_* flags such as {@code nodad} travel in IFA_FLAGS (32 bits), not the 8-bit header.
 *
 * <p>Hazards: deleting the primary IPv4 address of a subnet also deletes its secondaries unless
 * {@code promote_secondaries} is set; IPv6 addresses without {@code nodad} are tentative until DAD
 * finishes and cannot be bound to meanwhile. Listing dumps every address and filters by index here.
 */
package dev.weft.netlink.addr;
