package dev.weft.node.backend.bgp;

import dev.weft.bgp.BgpStore;
import dev.weft.bgp.speaker.BgpSpeaker;
import dev.weft.cluster.SubnetLease;
import dev.weft.node.backend.Backend;
import dev.weft.node.backend.BackendContext;
import dev.weft.node.backend.BackendFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bgp}: BIRD 2 beside the agent announces this node's subnet and installs the others'; pods
 * get the uplink's MTU (no encapsulation). BIRD is found before the lease is taken, so an agent on a
 * machine without it stops at once with an error naming the Debian package {@code bird2}.
 */
public final class BgpBackendFactory implements BackendFactory {
    /** Where BIRD's files go under the agent's run directory. */
    public static final String BIRD_DIR = "bird";

    @Override
    public String name() {
        return "bgp";
    }

    @Override
    public Prepared prepare(BackendContext c) {
        Path dir = c.runDir().resolve(BIRD_DIR);
        BgpSpeaker speaker = BgpSpeaker.open(c.node(), dir, Optional.empty()); // the agent runs in its node's namespace
        return new Prepared() {
            @Override
            public int podMtu() {
                return c.uplinkMtu();
            }

            @Override
            public Map<String, String> leaseData() {
                return Map.of();
            }

            @Override
            public Backend start(SubnetLease own) {
                return new BgpBackend(c.nl(), c.node(), c.cluster(), new BgpStore(c.store()), speaker);
            }
        };
    }
}
