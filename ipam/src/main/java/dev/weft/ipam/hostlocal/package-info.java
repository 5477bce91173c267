/**
 * {@code weft-host-local}: IP address management from local ranges, compatible on disk with the
 * reference {@code host-local} ({@code DATADIR/NETWORK/IP} files holding
 * {@code CONTAINERID\r\nIFNAME}, {@code last_reserved_ip.N}, a {@code lock} file).
 *
 * <p>Why it cannot hand out one address twice: every allocation happens under an exclusive
 * {@code fcntl} lock on {@code DATADIR/NETWORK/lock} (plus an in-process lock, since Java file
 * locks are per process), and an address is claimed by hard-linking a fully written temporary
 * file onto the address's name, which fails if the name exists. A process killed at any point
 * leaves at worst a claimed address with a complete owner record, or an orphan temporary file;
 * neither can be claimed twice, and GC (or DEL of the owner) reclaims them.
 */
package dev.weft.ipam.hostlocal;
