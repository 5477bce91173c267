package dev.weft.plugins;

import dev.weft.cni.json.ErrorCodec;
import dev.weft.invoke.FakeExec;
import dev.weft.sdk.Dispatcher;
import dev.weft.sdk.Plugin;

import java.io.ByteArrayOutputStream;

/** A real weft plugin behind a {@link FakeExec} type, run through its Dispatcher as the agent runs delegates. */
public final class InProcess {
    private InProcess() {
    }

    /** {@code plugin} as a fake executable: its stdout, or its error JSON thrown as the CniException it encodes. */
    public static FakeExec.Plugin of(Plugin plugin) {
        return call -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new Dispatcher(plugin).run(call.env(), call.stdin(), out, new ByteArrayOutputStream());
            byte[] bytes = out.toByteArray();
            var err = ErrorCodec.decode(bytes);
            if (err.isPresent()) {
                throw err.get();
            }
            return bytes;
        };
    }
}
