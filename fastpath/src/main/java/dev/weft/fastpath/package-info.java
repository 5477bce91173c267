/** CNI requests over a unix socket to the warm agent, and the exec shim's wire protocol. */
package dev.weft.fastpath;
