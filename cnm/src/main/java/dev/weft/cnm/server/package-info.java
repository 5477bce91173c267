/** The plugin socket (Jetty 12, unix domain) and the protocol's URL table with its error shapes. */
package dev.weft.cnm.server;
