/** The drivers' configuration and persisted memory (one private JSON file, replaced atomically). */
package dev.weft.cnm.state;
