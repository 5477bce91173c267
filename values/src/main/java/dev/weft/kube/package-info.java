/**
 * Kubernetes values weft reads from outside ({@code K8S_POD_*} CNI args, pod records, the
 * datastore): {@link dev.weft.kube.KubeNames}, the one validator of namespace and object names,
 * for the plugins, the node's state files and the cluster inventory alike.
 */
package dev.weft.kube;
