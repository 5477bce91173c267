/**
 * Finding network configurations on disk: {@code *.conflist}, {@code *.conf} and {@code *.json}
 * in a directory, in lexicographic file-name order (the order CRI runtimes use to pick the
 * default network), plus per-network plugin files in {@code DIR/NETWORK/*.conf} unless the list
 * sets {@code loadOnlyInlinedPlugins}.
 */
package dev.weft.runtime.conf;
