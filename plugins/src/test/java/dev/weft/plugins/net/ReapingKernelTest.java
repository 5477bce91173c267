package dev.weft.plugins.net;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReapingKernelTest {

    @Test
    void aRetiredDeviceIsDownAndRenamedAtOnce_andDeletedByTheReaper() throws Exception {
        FakeKernel fake = new FakeKernel();
        fake.addNamespace("/run/netns/pod");
        var held = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        held.submit(() -> {
            release.await();
            return null;
        });
        ReapingKernel kernel = new ReapingKernel(fake, held);
        Link hostEnd;
        try (Namespace host = kernel.current(); Namespace pod = kernel.open("/run/netns/pod")) {
            hostEnd = host.createVeth("veth1", "eth0", pod, 1500);
            Link eth0 = pod.link("eth0").orElseThrow();
            pod.setUp(eth0);

            kernel.retire("/run/netns/pod", pod, eth0);
            assertThat(pod.link("eth0")).as("the name is free for a new ADD").isEmpty();
            Link tomb = pod.link(ReapingKernel.TOMBSTONE + Integer.toHexString(eth0.index())).orElseThrow();
            assertThat(tomb.up()).isFalse();
        }
        release.countDown();
        kernel.drain();
        try (Namespace host = kernel.current(); Namespace pod = kernel.open("/run/netns/pod")) {
            assertThat(pod.links()).noneMatch(l -> l.name().startsWith(ReapingKernel.TOMBSTONE));
            assertThat(host.link(hostEnd.name())).as("the veth's host end went with it").isEmpty();
        }
    }

    @Test
    void aNamespaceThatWentFirstIsNotAnError() throws Exception {
        FakeKernel fake = new FakeKernel();
        fake.addNamespace("/run/netns/pod");
        ReapingKernel kernel = new ReapingKernel(fake);
        try (Namespace host = kernel.current(); Namespace pod = kernel.open("/run/netns/pod")) {
            host.createVeth("veth1", "eth0", pod, 1500);
            kernel.retire("/run/netns/pod", pod, pod.link("eth0").orElseThrow());
        }
        fake.removeNamespace("/run/netns/pod");
        kernel.drain(); // no exception: the device went with its namespace
    }
}
