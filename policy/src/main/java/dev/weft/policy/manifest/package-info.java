/**
 * Reading NetworkPolicy manifests ({@link dev.weft.policy.manifest.PolicyManifest}). Policy YAML is untrusted
 * input, so the reader is strict (unknown fields, duplicate keys and wrong types are errors), every error is a
 * {@link dev.weft.policy.PolicyException} whose message starts with the field path, and the parser is fuzzed.
 * The checks are the API server's ({@code ValidateNetworkPolicySpec}), so a manifest weft rejects would also be
 * rejected by Kubernetes, except for unknown fields, which {@code kubectl --validate=strict} rejects too.
 */
package dev.weft.policy.manifest;
