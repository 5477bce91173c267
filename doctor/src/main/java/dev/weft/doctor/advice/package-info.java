/**
 * The mode advisor: {@link dev.weft.doctor.advice.Advisor} turns the environment probes' findings
 * (and, when {@code weft bench dataplane} left a {@code dataplane.json} measured on this kernel,
 * the cost of each candidate) into a recommended backend with its reasons in order. It is pure so
 * that its table can be tested without a kernel; the probes are where the machine is touched.
 * Limits: it weighs the probes of one node; on a cluster the operator runs it on every node
 * ({@code weft doctor --lab}) and takes the most restrictive advice.
 */
package dev.weft.doctor.advice;
