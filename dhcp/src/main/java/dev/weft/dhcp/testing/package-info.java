/** A fake {@link dev.weft.dhcp.LeaseHolder} for the tests of the plugin and the daemon (as {@code FakeNft} is for nft). */
package dev.weft.dhcp.testing;
