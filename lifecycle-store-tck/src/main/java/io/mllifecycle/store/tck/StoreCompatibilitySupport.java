package io.mllifecycle.store.tck;

import io.mllifecycle.store.ArtifactStore;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.TrackingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * The hooks every compatibility kit shares. A kit opens a fresh, empty store through {@link #newStore()}
 * before each test and closes it after; an adapter's test class supplies the store and, where it
 * differs from the in-memory reference store, its {@link #capabilities()}.
 */
public abstract class StoreCompatibilitySupport {
    private LifecycleStore store;
    private boolean open;

    /**
     * Opens a new, empty store. Called once before each test; the kit closes it after the test.
     *
     * @return a store with no experiments, runs, models, audit events or blobs
     */
    protected abstract LifecycleStore newStore();

    /**
     * Says where this store legitimately differs from the in-memory reference store. Tests that need a
     * capability the store lacks are reported as skipped with the reason.
     *
     * @return the store's capabilities; by default those of the in-memory store
     */
    protected StoreCapabilities capabilities() {
        return StoreCapabilities.inMemory();
    }

    /**
     * Opens again the store that {@code closed} was, after the kit closed it. Only called when
     * {@link StoreCapabilities#durableAcrossReopen()} is true; override it then.
     *
     * @param closed a store from {@link #newStore()} (or an earlier reopen) that was closed
     * @return the same store, opened again, with everything written before the close
     */
    protected LifecycleStore reopen(LifecycleStore closed) {
        throw new UnsupportedOperationException("capabilities() says durableAcrossReopen, but reopen(closed) is"
                + " not overridden");
    }

    @BeforeEach
    final void openStoreUnderTest() {
        store = newStore();
        if (store == null) {
            throw new IllegalStateException("newStore() returned null");
        }
        open = true;
    }

    @AfterEach
    final void closeStoreUnderTest() {
        if (open) {
            open = false;
            store.close();
        }
    }

    /** @return the store of the current test */
    protected final LifecycleStore store() {
        return store;
    }

    /** @return the tracking store of the current test */
    protected final TrackingStore tracking() {
        return store.tracking();
    }

    /** @return the registry store of the current test */
    protected final RegistryStore registry() {
        return store.registry();
    }

    /** @return the artifact store of the current test */
    protected final ArtifactStore artifacts() {
        return store.artifacts();
    }

    /** Closes the current store, opens it again through {@link #reopen} and makes that the current store. */
    protected final void closeAndReopen() {
        open = false;
        store.close();
        store = reopen(store);
        if (store == null) {
            throw new IllegalStateException("reopen(closed) returned null");
        }
        open = true;
    }

    /** Closes the current store; the kit then does not close it again. */
    protected final void closeStore() {
        open = false;
        store.close();
    }

    /** Skips the calling test, with the reason, unless the store is durable across reopen. */
    protected final void assumeDurable() {
        Assumptions.assumeTrue(capabilities().durableAcrossReopen(),
                "skipped: the store under test is not durable across reopen"
                        + " (StoreCapabilities.durableAcrossReopen is false)");
    }
}
