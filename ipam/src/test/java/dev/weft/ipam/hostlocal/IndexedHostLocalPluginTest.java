package dev.weft.ipam.hostlocal;

import org.junit.jupiter.api.AfterEach;

/** Every host-local behaviour again, with the allocations the agent keeps in memory. */
class IndexedHostLocalPluginTest extends HostLocalPluginTest {
    private IndexedAllocations.Registry registry; // no initializer: set while the superclass is built

    @Override
    HostLocalPlugin newPlugin() {
        registry = new IndexedAllocations.Registry();
        return new HostLocalPlugin(registry);
    }

    @Override
    void settle() {
        registry.settle();
    }

    @AfterEach
    void closeIndexes() {
        registry.close();
    }
}
