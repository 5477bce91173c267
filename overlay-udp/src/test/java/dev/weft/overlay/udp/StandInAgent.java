package dev.weft.overlay.udp;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.overlay.udp.peer.PeerFile;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the node agent will do for the udp backend, reduced to the part that matters across its
 * restarts: ensure the datapath process runs ({@link DatapathProcess#ensure}), write the peers
 * file, then live until killed. Arguments: STATE-DIR SUBNET=PEER[,SUBNET=PEER...] CONFIG-ARGS...
 */
public final class StandInAgent {
    private StandInAgent() {
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        Map<Cidr, IpAddress> peers = new LinkedHashMap<>();
        for (String p : args[1].split(",")) {
            String[] kv = p.split("=");
            peers.put(Cidr.parse(kv[0]), IpAddress.parse(kv[1]));
        }
        UdpOverlayConfig config = UdpOverlayArgs.parse(Arrays.asList(args).subList(2, args.length));
        DatapathProcess.Running r = DatapathProcess.ensure(config, state,
                DatapathProcess.javaCommand(System.getProperty("java.class.path")));
        PeerFile.write(config.peersFile(), peers);
        System.out.println("datapath pid=" + r.pid() + " started=" + r.started());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
