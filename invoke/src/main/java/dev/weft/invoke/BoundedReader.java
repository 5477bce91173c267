package dev.weft.invoke;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Drains a stream into memory up to a limit; past it, remembers that it overflowed and keeps draining. */
final class BoundedReader implements Runnable {
    private final InputStream in;
    private final int limit;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private volatile boolean overflowed;

    BoundedReader(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    @Override
    public void run() {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                int room = limit - out.size();
                if (room > 0) {
                    out.write(buf, 0, Math.min(room, n));
                }
                if (n > room) {
                    overflowed = true;
                }
            }
        } catch (IOException e) {
            // The process went away; what we have is what there is.
        }
    }

    boolean overflowed() {
        return overflowed;
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
