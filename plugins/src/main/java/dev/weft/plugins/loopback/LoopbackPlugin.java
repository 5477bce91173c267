package dev.weft.plugins.loopback;

import dev.weft.invoke.PluginExec;
import dev.weft.sdk.Skel;
import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.CniVersion;
import dev.weft.cni.result.Interface;
import dev.weft.cni.result.IpConfig;
import dev.weft.cni.result.Result;
import dev.weft.net.InterfaceAddress;
import dev.weft.plugins.net.Kernel;
import dev.weft.plugins.net.Link;
import dev.weft.plugins.net.Namespace;
import dev.weft.sdk.Plugin;
import dev.weft.sdk.Request;

import java.util.List;

/** {@code weft-loopback}. */
public final class LoopbackPlugin implements Plugin {
    private final Kernel kernel;

    public static void main(String[] args) {
        Skel.main(exec -> standard(exec));
    }

    /** Wired for a real host ({@code exec} is unused: loopback delegates to nothing). */
    public static LoopbackPlugin standard(PluginExec exec) {
        return new LoopbackPlugin(new dev.weft.plugins.net.NetlinkKernel());
    }

    public LoopbackPlugin(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public Result add(Request r) {
        try (Namespace ctr = kernel.open(r.netns())) {
            Link lo = lo(ctr);
            ctr.setUp(lo);
            if (r.prevResult().isPresent()) {
                return r.prevResult().get(); // chained: pass the previous result through, as the reference does
            }
            return new Result(CniVersion.CURRENT, List.of(Interface.of("lo", "00:00:00:00:00:00", r.netns())),
                    List.of(new IpConfig(InterfaceAddress.parse("127.0.0.1/8"), null, 0),
                            new IpConfig(InterfaceAddress.parse("::1/128"), null, 0)), List.of(), null);
        }
    }

    private static Link lo(Namespace ns) {
        return ns.link("lo").orElseThrow(() -> new CniException(CniErrorCode.UNKNOWN_CONTAINER,
                "no loopback device in " + ns.path()));
    }

    @Override
    public void del(Request r) {
        dev.weft.plugins.common.ContainerSide.ifStillThere(kernel, r, ctr -> ctr.setDown(lo(ctr)));
    }

    @Override
    public void check(Request r) {
        try (Namespace ctr = kernel.open(r.netns())) {
            if (!lo(ctr).up()) {
                throw new CniException(CniErrorCode.UNKNOWN_CONTAINER, "weft-loopback CHECK: lo is down in " + r.netns());
            }
        }
    }
}
