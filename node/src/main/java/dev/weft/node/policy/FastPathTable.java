package dev.weft.node.policy;

import dev.weft.policy.ClusterSnapshot;
import dev.weft.policy.compile.FastPath;
import dev.weft.policy.compile.FastPathRoutes;
import dev.weft.policy.compile.NftScript;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The enforcer's side of the fast path ({@link FastPath}): compiles the table from each round's
 * snapshot and the kernel's routes, and says whether it changed since it was last applied. The
 * enforcer applies it in the transaction of the round's policy changes, so a pod leaves the fast
 * path in the same commit as its policy chains appear. A table the kernel refused is not tried
 * again until it changes (the policy is applied without it); while the routes cannot be read, there
 * is no table. Used by the enforcer's thread only.
 */
final class FastPathTable {
    private static final System.Logger LOG = System.getLogger(FastPathTable.class.getName());

    private final Supplier<FastPathRoutes> routes;
    private final String node;
    private String applied;
    private String refused;
    private String unreadable;

    FastPathTable(Supplier<FastPathRoutes> routes, String node) {
        this.routes = routes;
        this.node = node;
    }

    /** The table for {@code snapshot} when it differs from the one in place ({@code force}: regardless). */
    Optional<NftScript> next(ClusterSnapshot snapshot, boolean force) {
        FastPathRoutes r;
        try {
            r = routes.get();
            unreadable = null;
        } catch (RuntimeException e) {
            String problem = e.getMessage();
            if (!java.util.Objects.equals(problem, unreadable)) {
                LOG.log(System.Logger.Level.WARNING, "fast path: cannot read the kernel's routes; the table goes until they"
                        + " can be read (a pod isolated meanwhile must not stay fast)", e);
            }
            unreadable = problem;
            NftScript gone = FastPath.removal();
            return gone.render().equals(applied) ? Optional.empty() : Optional.of(gone);
        }
        NftScript s = FastPath.full(snapshot, node, r);
        String text = s.render();
        if (text.equals(refused) || !force && text.equals(applied)) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    void applied(NftScript s) {
        applied = s.render();
        refused = null;
    }

    /** {@code s} failed in the kernel: the caller applies the policy alone and drops the table. */
    void refused(NftScript s, RuntimeException why) {
        LOG.log(System.Logger.Level.WARNING, "fast path table refused; pods take the kernel's path until it changes", why);
        refused = s.render();
        applied = null;
    }
}
