package dev.weft.sdk;

import dev.weft.cni.result.VersionInfo;
import dev.weft.cni.result.Result;

/**
 * A CNI plugin's logic as plain Java calls. Throw {@link dev.weft.cni.CniException} for errors
 * the caller should see with a specific code; anything else becomes code 999.
 */
public interface Plugin {

    /** Sets up the attachment and returns its result (in any version; the SDK converts). */
    Result add(Request request);

    /** Tears the attachment down; must succeed when parts (or all) of it are already gone. */
    void del(Request request);

    /** Verifies that what ADD made is still in place; throws when it is not. */
    void check(Request request);

    /** Releases resources held for attachments not in {@code request.validAttachments()}. */
    default void gc(GcRequest request) {
    }

    /** Throws code 50 or 51 when the plugin cannot serve ADD. */
    default void status(StatusRequest request) {
    }

    /** The versions this plugin speaks; by default every version weft has results for. */
    default VersionInfo versions() {
        return VersionInfo.weft();
    }
}
