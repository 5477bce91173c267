package dev.weft.cli.cluster;

import dev.weft.bgp.Asn;
import dev.weft.bgp.BgpConfig;
import dev.weft.bgp.BgpException;
import dev.weft.bgp.BgpStore;
import dev.weft.store.Datastore;

import java.util.Locale;

/**
 * The BGP half of {@code weft cluster init --backend bgp [--as N] [--mesh on|off]}: the options are
 * parsed and checked against settings already stored before the cluster configuration is written,
 * so a refused init stores nothing.
 */
public final class BgpInit {
    private BgpInit() {
    }

    /** The settings from {@code --as} and {@code --mesh} (null: the defaults, AS 64512 and mesh on). */
    public static BgpConfig parse(String as, String mesh) {
        BgpConfig c = BgpConfig.DEFAULT;
        if (as != null) {
            c = c.withAsn(Asn.parse(as, "--as"));
        }
        if (mesh != null) {
            c = c.withMesh(onOff(mesh, "--mesh"));
        }
        return c;
    }

    /** {@code on} or {@code off}; anything else is an error naming {@code option}. */
    public static boolean onOff(String text, String option) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(option + ": on or off, not \"" + text + "\"");
        };
    }

    /** Refuses, before anything is written, settings that differ from those already stored. */
    public static void checkFree(Datastore store, BgpConfig wanted) {
        if (store.get(BgpConfig.KEY).isPresent()) {
            BgpConfig have = new BgpStore(store).config();
            if (!have.equals(wanted)) {
                throw new BgpException("BGP is already configured (as " + have.asn() + ", mesh " + (have.mesh() ? "on" : "off")
                        + "); change it with weft bgp set instead of initialising again");
            }
        }
    }
}
