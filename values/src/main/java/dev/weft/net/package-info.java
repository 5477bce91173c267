/**
 * Typed network values: {@link dev.weft.net.IpAddress}, {@link dev.weft.net.Cidr},
 * {@link dev.weft.net.InterfaceAddress}, {@link dev.weft.net.MacAddress} and
 * {@link dev.weft.net.InterfaceName}.
 *
 * <p>Every factory canonicalises and rejects junk with an {@link java.lang.IllegalArgumentException}
 * that quotes the input, so code above this layer never carries a string CIDR or a
 * {@code null}-means-invalid. Parsing never touches DNS: literals only.
 */
package dev.weft.net;
