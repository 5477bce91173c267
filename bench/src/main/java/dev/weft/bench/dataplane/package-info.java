/**
 * {@code weft bench-dataplane}: pod-to-pod data-plane benchmarks on lab clusters, after the IETF
 * BMWG method for containerized infrastructure (draft-ietf-bmwg-containerized-infra).
 *
 * <p>Why it is built this way:
 * <ul>
 *   <li>Every mode is compared with the underlay (node to node over the same fabric) measured in
 *       the same repeat, so slow drift of the machine (thermal, noisy neighbours) cancels out of
 *       the ratios. Repeats rotate the order of the modes so no mode always runs first or last.</li>
 *   <li>The load generators are the standard tools (iperf3, sockperf) run with
 *       {@code ip netns exec}; the measuring code only parses their reports, and the parsers are
 *       pure functions tested without root.</li>
 *   <li>UDP throughput is the highest offered rate with at most 1 % loss (RFC 2544 throughput
 *       with a loss tolerance), found by a short bisection of 1-second trials and confirmed by
 *       one full-length trial. An unlimited sender would mostly measure how the scheduler
 *       splits CPUs between a sender and a drowning receiver.</li>
 * </ul>
 *
 * <p>Limits: all namespaces share the machine's CPUs, so the figures are those of a software
 * switch on this host, not of a NIC; latency is a TCP ping-pong of 64-byte messages and includes
 * the syscall cost of both ends.
 */
package dev.weft.bench.dataplane;
