/**
 * {@code weft-tuning}: sysctls of the container's network namespace and settings of its interface
 * ({@code mac}, {@code mtu}, {@code promisc}, {@code allmulti}, {@code txQLen}), configured as the
 * reference tuning plugin is, all through weft's netlink and {@code /proc/sys} read and written
 * from a thread inside the namespace.
 *
 * <p><b>Restoring.</b> Before changing anything, ADD reads the current value of everything it will
 * change and saves it ({@code dataDir/NETWORK/CONTAINERID_IFNAME.json}; a second ADD keeps the
 * first one's originals); DEL puts every saved value back — sysctls included, which the reference
 * never restores — and removes the file. That matters when the interface or namespace outlives
 * the attachment (a moved host device, a shared namespace). A failed ADD undoes its changes.
 *
 * <p><b>Safety.</b> A sysctl key must resolve under {@code /proc/sys/net}: dots become slashes
 * (unless the key already uses slashes), {@code IFNAME} is substituted after that so an interface
 * name with dots stays one segment, and {@code ..}, {@code .} or empty segments are refused at
 * parse time, before anything changes. When {@code /etc/cni/tuning/allowlist.conf} exists (the
 * reference's file: one regular expression per line), every key must match one of its lines.
 *
 * <p><b>Limits.</b> Duplicate sysctl keys in the JSON are not detected (the JSON reader keeps the
 * last), unlike the reference.
 */
package dev.weft.plugins.tuning;
