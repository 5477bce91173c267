package dev.weft.doctor.probe;

import dev.weft.bgp.bird.SessionState;
import dev.weft.bgp.speaker.BgpStatus;
import dev.weft.bgp.speaker.SessionStatus;
import dev.weft.doctor.finding.Finding;
import dev.weft.doctor.finding.ProbeNames;

import java.util.List;
import java.util.Optional;

/**
 * Whether a BGP peer is configured (explicit peers in the datastore, or the cluster runs the bgp
 * backend) and up (the node's BGP speaker reports an established session in {@code bgp.json}).
 */
public final class BgpProbe {
    private BgpProbe() {
    }

    /**
     * {@code explicitPeers}: names of the peers in {@code /weft/bgp/peers/}; {@code speaker}: the
     * agent's {@code bgp.json}, empty when there is none.
     */
    public static Finding interpret(String backend, List<String> explicitPeers, Optional<BgpStatus> speaker) {
        if (!backend.equals("bgp") && explicitPeers.isEmpty()) {
            return Finding.info(ProbeNames.BGP_PEER, "no BGP peer configured (the cluster runs " + backend + ")");
        }
        String configured = explicitPeers.isEmpty() ? "the bgp backend's node mesh" : "peers " + explicitPeers;
        if (speaker.isEmpty()) {
            return Finding.warn(ProbeNames.BGP_PEER, configured + " configured, but this node runs no BGP speaker",
                    "run the agent with the bgp backend (weft cluster init --backend bgp)");
        }
        List<SessionStatus> up = speaker.get().in(SessionState.ESTABLISHED);
        if (up.isEmpty()) {
            String why = speaker.get().sessions().stream().map(s -> s.name() + " " + s.state().label()
                    + (s.info().isBlank() ? "" : " (" + s.info() + ")")).reduce((a, b) -> a + "; " + b).orElse("no sessions");
            return Finding.warn(ProbeNames.BGP_PEER, configured + " configured, none established: " + why,
                    "check the peer's address and AS (weft bgp status), and that TCP 179 passes between them");
        }
        return Finding.ok(ProbeNames.BGP_PEER, up.size() + " session(s) established: "
                + String.join(", ", up.stream().map(s -> s.name() + " " + s.neighbor()).toList()));
    }
}
