package dev.weft.plugins;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.invoke.FakeExec;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** An IPAM plugin in memory: hands out 10.22.0.N/24 (gw .1) and fd22::N/64 when dual; counts releases. */
public final class FakeIpam {
    public final FakeExec exec = new FakeExec();
    public final AtomicInteger released = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger(2);
    public volatile boolean fail;
    public volatile boolean dual;

    public FakeIpam() {
        exec.register("fake-ipam", call -> switch (call.command()) {
            case "ADD" -> {
                if (fail) {
                    throw new CniException(CniErrorCode.TRY_AGAIN_LATER, "ipam is down");
                }
                int n = next.getAndIncrement();
                String v6 = dual ? ",{\"address\":\"fd22::" + n + "/64\",\"gateway\":\"fd22::1\"}" : "";
                yield ("{\"cniVersion\":\"1.1.0\",\"ips\":[{\"address\":\"10.22.0." + n + "/24\",\"gateway\":\"10.22.0.1\"}"
                        + v6 + "],\"routes\":[{\"dst\":\"192.0.2.0/24\"}],\"dns\":{\"nameservers\":[\"10.22.0.53\"]}}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case "DEL" -> {
                released.incrementAndGet();
                yield new byte[0];
            }
            default -> new byte[0];
        });
    }
}
