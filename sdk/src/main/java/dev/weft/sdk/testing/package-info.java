/** Test support for plugin authors: run a plugin's CNI calls in memory. */
package dev.weft.sdk.testing;
