/**
 * The doctor's vocabulary: a {@link dev.weft.doctor.finding.Finding} per probe or check with its
 * {@link dev.weft.doctor.finding.Status}. Every probe and check returns a finding instead of
 * throwing: a doctor that dies on the first broken thing tells the operator nothing about the rest.
 */
package dev.weft.doctor.finding;
