/** Pieces every main plugin uses: the undo stack, host-side naming, and result assembly. */
package dev.weft.plugins.common;
