/**
 * nftables, the knftables way: a {@link dev.weft.nft.Transaction} is built in memory as text and
 * applied atomically with one {@code nft -f -} by an {@link dev.weft.nft.Nft} — the real
 * {@link dev.weft.nft.NftCli} (optionally inside a network namespace via {@code nsenter}) or the
 * {@link dev.weft.nft.FakeNft} that records the text for golden tests without root.
 *
 * <p>weft never shares tables with other software: each feature owns its table, so a flush or
 * delete can never touch someone else's rules.
 */
package dev.weft.nft;
