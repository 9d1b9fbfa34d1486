package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

/**
 * The three stores a lifecycle needs, bundled. A host may mix implementations, e.g. file metadata with
 * object-store blobs, through {@link #of(TrackingStore, RegistryStore, ArtifactStore, AutoCloseable)}.
 */
public interface LifecycleStore extends AutoCloseable {

    /** @return experiments and runs */
    TrackingStore tracking();

    /** @return models, versions and audit trail */
    RegistryStore registry();

    /** @return blobs */
    ArtifactStore artifacts();

    /** Makes pending writes durable (for stores that batch); a no-op by default. */
    default void flush() {}

    /** Flushes and releases resources; further calls fail. */
    @Override
    void close();

    /** Bundles three stores; {@code onClose} (may be null) runs on {@link #close()}. */
    static LifecycleStore of(TrackingStore tracking, RegistryStore registry, ArtifactStore artifacts,
                             AutoCloseable onClose) {
        Checks.notNull("tracking", tracking);
        Checks.notNull("registry", registry);
        Checks.notNull("artifacts", artifacts);
        return new LifecycleStore() {
            @Override
            public TrackingStore tracking() {
                return tracking;
            }

            @Override
            public RegistryStore registry() {
                return registry;
            }

            @Override
            public ArtifactStore artifacts() {
                return artifacts;
            }

            @Override
            public void close() {
                if (onClose != null) {
                    try {
                        onClose.close();
                    } catch (Exception e) {
                        throw new StoreException("closing the store failed: " + e.getMessage(), e);
                    }
                }
            }
        };
    }
}
