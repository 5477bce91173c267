package dev.weft.node;

import dev.weft.node.cni.Attachments;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds the answer of a pod's ADD until its NetworkPolicy is in place. The agent serves its CNI
 * socket before it can enforce anything (so plugins never fall back while it starts); an ADD that
 * arrives then waits until the agent is ready, and then for a policy round that saw the pod. A
 * pod therefore never runs unisolated after its ADD returned, agent restarts included, unless a
 * wait ran out (logged).
 */
final class NewPodGate implements Attachments {
    private static final System.Logger LOG = System.getLogger(NewPodGate.class.getName());

    /** Enforcement as the gate sees it ({@link dev.weft.node.policy.PolicyEnforcer}). */
    interface Enforcement {
        boolean enforceNow(Duration timeout) throws InterruptedException;

        void wake();
    }

    private final Duration readyWait;
    private final Duration enforceWait;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile Enforcement enforcement;

    NewPodGate(Duration readyWait, Duration enforceWait) {
        this.readyWait = readyWait;
        this.enforceWait = enforceWait;
    }

    /** The agent is ready: {@code enforcement} runs (null when the agent enforces no policy). */
    void open(Enforcement enforcement) {
        this.enforcement = enforcement;
        ready.countDown();
    }

    @Override
    public void podAdded() {
        try {
            if (!ready.await(readyWait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "the agent was not ready within " + readyWait
                        + "; answering a pod's ADD before its policy is in place");
                return;
            }
            Enforcement e = enforcement;
            if (e != null && !e.enforceNow(enforceWait)) {
                LOG.log(System.Logger.Level.WARNING, "a new pod's policy was not in place within " + enforceWait
                        + "; answering its ADD anyway (the policy loop keeps trying)");
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void changed() {
        Enforcement e = enforcement;
        if (e != null) {
            e.wake();
        }
    }
}
