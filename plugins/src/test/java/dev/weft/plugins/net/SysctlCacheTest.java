package dev.weft.plugins.net;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** How long an ensured sysctl is trusted, on a clock the test moves. */
class SysctlCacheTest {
    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final SysctlCache cache = new SysctlCache(now::get);
    private final SysctlCache.Key forwarding = new SysctlCache.Key(1, 42, "net/ipv4/ip_forward");

    @Test
    void aValueIsTrustedForLessThanTheRecheckIntervalThenReadAgain() {
        assertThat(cache.fresh(forwarding, "1")).as("never ensured").isFalse();
        cache.ensured(forwarding, "1");
        assertThat(cache.fresh(forwarding, "1")).isTrue();
        now.addAndGet(SysctlCache.RECHECK_NANOS - 1);
        assertThat(cache.fresh(forwarding, "1")).isTrue();
        now.addAndGet(1);
        assertThat(cache.fresh(forwarding, "1")).as("a second later").isFalse();
        cache.ensured(forwarding, "1");
        assertThat(cache.fresh(forwarding, "1")).isTrue();
    }

    @Test
    void anotherValueOrNamespaceOrKeyIsNotFresh() {
        cache.ensured(forwarding, "1");
        assertThat(cache.fresh(forwarding, "0")).isFalse();
        assertThat(cache.fresh(new SysctlCache.Key(1, 43, "net/ipv4/ip_forward"), "1")).as("another namespace").isFalse();
        assertThat(cache.fresh(new SysctlCache.Key(1, 42, "net/ipv6/conf/all/forwarding"), "1")).isFalse();
    }
}
