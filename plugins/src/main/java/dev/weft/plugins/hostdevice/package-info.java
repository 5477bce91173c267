/**
 * {@code weft-host-device}: moves an existing host device (found by name, MAC, sysfs path or PCI
 * address — the SR-IOV VF style of underlay) into the container under {@code CNI_IFNAME}, and
 * back on DEL. The original name travels with the device as its kernel ifalias, so DEL needs no
 * state file and works after a plugin restart.
 */
package dev.weft.plugins.hostdevice;
