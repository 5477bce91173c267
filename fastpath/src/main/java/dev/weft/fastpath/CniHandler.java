package dev.weft.fastpath;

/**
 * Runs one CNI plugin call in-process. A thrown {@link dev.weft.cni.CniException} becomes its own
 * error JSON, anything else error 999; both exit 1.
 */
@FunctionalInterface
public interface CniHandler {
    CniResponse handle(CniRequest request) throws Exception;
}
