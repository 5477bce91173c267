/**
 * {@code weft doctor}: which mode should this cluster use, and is this node healthy. {@link
 * dev.weft.doctor.Doctor} runs the environment probes ({@code probe}), asks the pure advisor
 * ({@code advice}) and runs the checks of a running node ({@code check}); {@link
 * dev.weft.doctor.Report} renders the checklist or JSON. It reads what the agent writes (status
 * file, {@code bgp.json}, pod records, the CNI socket) and the datastore, and changes nothing but
 * throwaway namespaces of its own. On a lab, the CLI runs one doctor per node inside its namespace.
 */
package dev.weft.doctor;
