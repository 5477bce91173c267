/**
 * Checks of a running node: its agent answers on the CNI socket and reports fresh status, it
 * holds its lease, its peers are connected (or refused, with the backend's reason), routes to
 * every peer subnet are in place, its policy rounds succeed (the agent's status file counts them and
 * keeps the last error) and the policy table exists, and nothing of removed pods is left.
 * Each check is a small function from what was read to a finding, so its interpretation is tested
 * without a cluster. Limits: policy is judged by the agent's account of its rounds and by the
 * table being there, not by comparing the table with the datastore; "agent up" is judged by its socket and its status file, not by a process list,
 * because the doctor may run where the agent's pid is not known.
 */
package dev.weft.doctor.check;
