package dev.weft.node;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pod's ADD that the agent serves while it is still starting must not answer before its policy
 * is in place. Before the gate, the socket was served before the agent started and such an ADD
 * answered at once, skipping the wait: the first test fails on that wiring.
 */
class NewPodGateTest {
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    private NewPodGate.Enforcement enforcement() {
        return new NewPodGate.Enforcement() {
            @Override
            public boolean enforceNow(Duration timeout) {
                events.add("enforced");
                return true;
            }

            @Override
            public void wake() {
                events.add("woken");
            }
        };
    }

    @Test
    void anAddDuringStartUpAnswersOnlyAfterTheAgentIsReadyAndHasEnforced() throws Exception {
        NewPodGate gate = new NewPodGate(Duration.ofSeconds(30), Duration.ofSeconds(2));
        CountDownLatch answered = new CountDownLatch(1);
        Thread add = Thread.ofVirtual().start(() -> {
            gate.podAdded();
            events.add("answered");
            answered.countDown();
        });
        assertThat(answered.await(300, TimeUnit.MILLISECONDS)).as("answered before the agent was ready").isFalse();
        events.add("ready");
        gate.open(enforcement());
        assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
        add.join();
        assertThat(events).containsExactly("ready", "enforced", "answered");
    }

    @Test
    void afterStartUpAnAddWaitsForEnforcementOnly() {
        NewPodGate gate = new NewPodGate(Duration.ofSeconds(30), Duration.ofSeconds(2));
        gate.open(enforcement());
        gate.podAdded();
        gate.changed();
        assertThat(events).containsExactly("enforced", "woken");
    }

    @Test
    void withoutPolicyTheGateOnlyWaitsForReadiness() {
        NewPodGate gate = new NewPodGate(Duration.ofSeconds(30), Duration.ofSeconds(2));
        gate.open(null);
        gate.podAdded();
        gate.changed();
        assertThat(events).isEmpty();
    }

    @Test
    void anAgentThatNeverGetsReadyDoesNotHoldAnAddForever() {
        NewPodGate gate = new NewPodGate(Duration.ofMillis(50), Duration.ofSeconds(2));
        gate.podAdded(); // returns after the ready wait, with a warning
        assertThat(events).isEmpty();
    }
}
