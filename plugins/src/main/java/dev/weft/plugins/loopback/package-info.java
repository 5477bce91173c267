/** {@code weft-loopback}: brings {@code lo} up in the container (and down on DEL), as the reference does. */
package dev.weft.plugins.loopback;
