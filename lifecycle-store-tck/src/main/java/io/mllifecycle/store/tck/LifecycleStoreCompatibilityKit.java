package io.mllifecycle.store.tck;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.StoreException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every compatibility kit in one class, so that an adapter proves a whole {@link LifecycleStore} with
 * a few lines:
 * <pre>{@code
 * class FileStoreCompatibilityTest extends LifecycleStoreCompatibilityKit {
 *     @TempDir Path dir;
 *     @Override protected LifecycleStore newStore() { return FileStore.open(dir); }
 *     @Override protected StoreCapabilities capabilities() { return StoreCapabilities.durable(); }
 *     @Override protected LifecycleStore reopen(LifecycleStore closed) { return FileStore.open(dir); }
 * }
 * }</pre>
 * The tracking, registry and artifact kits run as {@link Nested} groups that ask this class for the
 * store, its capabilities and reopening; the group "the store as a whole" checks what spans them.
 */
public abstract class LifecycleStoreCompatibilityKit {

    /**
     * Opens a new, empty store; called once before each test, and closed by the kit after it.
     *
     * @return a store with no experiments, runs, models, audit events or blobs
     */
    protected abstract LifecycleStore newStore();

    /**
     * Says where this store legitimately differs from the in-memory reference store; tests needing a
     * capability it lacks are reported as skipped, with the reason.
     *
     * @return the store's capabilities; by default those of the in-memory store
     */
    protected StoreCapabilities capabilities() {
        return StoreCapabilities.inMemory();
    }

    /**
     * Opens again a store the kit has closed; only called when
     * {@link StoreCapabilities#durableAcrossReopen()} is true.
     *
     * @param closed a closed store from {@link #newStore()} or an earlier reopen
     * @return the same store opened again, with everything written before the close
     */
    protected LifecycleStore reopen(LifecycleStore closed) {
        throw new UnsupportedOperationException("capabilities() says durableAcrossReopen, but reopen(closed) is"
                + " not overridden");
    }

    @Nested
    @DisplayName("tracking store")
    class Tracking extends TrackingStoreCompatibilityKit {
        @Override
        protected LifecycleStore newStore() {
            return LifecycleStoreCompatibilityKit.this.newStore();
        }

        @Override
        protected StoreCapabilities capabilities() {
            return LifecycleStoreCompatibilityKit.this.capabilities();
        }

        @Override
        protected LifecycleStore reopen(LifecycleStore closed) {
            return LifecycleStoreCompatibilityKit.this.reopen(closed);
        }
    }

    @Nested
    @DisplayName("run search language")
    class Search extends RunSearchCompatibilityKit {
        @Override
        protected LifecycleStore newStore() {
            return LifecycleStoreCompatibilityKit.this.newStore();
        }

        @Override
        protected StoreCapabilities capabilities() {
            return LifecycleStoreCompatibilityKit.this.capabilities();
        }

        @Override
        protected LifecycleStore reopen(LifecycleStore closed) {
            return LifecycleStoreCompatibilityKit.this.reopen(closed);
        }
    }

    @Nested
    @DisplayName("run lifecycle: delete, restore, purge, heartbeats")
    class RunLifecycle extends RunLifecycleCompatibilityKit {
        @Override
        protected LifecycleStore newStore() {
            return LifecycleStoreCompatibilityKit.this.newStore();
        }

        @Override
        protected StoreCapabilities capabilities() {
            return LifecycleStoreCompatibilityKit.this.capabilities();
        }

        @Override
        protected LifecycleStore reopen(LifecycleStore closed) {
            return LifecycleStoreCompatibilityKit.this.reopen(closed);
        }
    }

    @Nested
    @DisplayName("registry store")
    class Registry extends RegistryStoreCompatibilityKit {
        @Override
        protected LifecycleStore newStore() {
            return LifecycleStoreCompatibilityKit.this.newStore();
        }

        @Override
        protected StoreCapabilities capabilities() {
            return LifecycleStoreCompatibilityKit.this.capabilities();
        }

        @Override
        protected LifecycleStore reopen(LifecycleStore closed) {
            return LifecycleStoreCompatibilityKit.this.reopen(closed);
        }
    }

    @Nested
    @DisplayName("audited registry writes, policies and requests")
    class AuditedWrites extends AuditedWritesCompatibilityKit {
        @Override
        protected LifecycleStore newStore() {
            return LifecycleStoreCompatibilityKit.this.newStore();
        }

        @Override
        protected StoreCapabilities capabilities() {
            return LifecycleStoreCompatibilityKit.this.capabilities();
        }

        @Override
        protected LifecycleStore reopen(LifecycleStore closed) {
            return LifecycleStoreCompatibilityKit.this.reopen(closed);
        }
    }

    @Nested
    @DisplayName("artifact store")
    class Artifacts extends ArtifactStoreCompatibilityKit {
        @Override
        protected LifecycleStore newStore() {
            return LifecycleStoreCompatibilityKit.this.newStore();
        }

        @Override
        protected StoreCapabilities capabilities() {
            return LifecycleStoreCompatibilityKit.this.capabilities();
        }

        @Override
        protected LifecycleStore reopen(LifecycleStore closed) {
            return LifecycleStoreCompatibilityKit.this.reopen(closed);
        }
    }

    @Nested
    @DisplayName("the store as a whole")
    class WholeStore extends StoreCompatibilitySupport {
        @Override
        protected LifecycleStore newStore() {
            return LifecycleStoreCompatibilityKit.this.newStore();
        }

        @Override
        protected StoreCapabilities capabilities() {
            return LifecycleStoreCompatibilityKit.this.capabilities();
        }

        @Override
        protected LifecycleStore reopen(LifecycleStore closed) {
            return LifecycleStoreCompatibilityKit.this.reopen(closed);
        }

        @Test
        @DisplayName("a run's artifact, its bytes and the model version registered from it agree")
        void wholeStory_runToVersion() {
            RunRecord run = Fixtures.run(store(), Fixtures.experiment(store(), "churn").id(), "depth-6", 1);
            byte[] bytes = "weights".getBytes(StandardCharsets.UTF_8);
            ArtifactInfo blob = artifacts().put(new ByteArrayInputStream(bytes), "application/octet-stream");
            tracking().recordArtifact(run.id(), "model.bin", blob.digest());
            registry().createModel("churn-classifier", "", Map.of(), Fixtures.T0, List.of());
            ModelVersionRecord v = registry().createVersion(new NewModelVersion("churn-classifier", run.id(),
                    tracking().getRun(run.id()).artifacts().get("model.bin"), "", Map.of(), Map.of(), null,
                    Fixtures.T0, "ci"), created -> List.of());
            assertThat(v.sourceRunId()).isEqualTo(run.id());
            assertThat(artifacts().info(v.artifactDigest())).contains(blob);
        }

        @Test
        @DisplayName("flush is allowed at any time and loses nothing")
        void flush_anyTime() {
            Fixtures.experiment(store(), "churn");
            store().flush();
            store().flush();
            assertThat(tracking().findExperiment("churn")).isPresent();
        }

        @Test
        @DisplayName("after close, further calls fail with a StoreException or IllegalStateException")
        void close_furtherCallsFail() {
            Fixtures.experiment(store(), "churn");
            LifecycleStore closed = store();
            closeStore();
            assertThatThrownBy(() -> closed.tracking().listExperiments())
                    .isInstanceOfAny(StoreException.class, IllegalStateException.class);
            assertThatThrownBy(() -> closed.registry().listModels())
                    .isInstanceOfAny(StoreException.class, IllegalStateException.class);
            assertThatThrownBy(() -> closed.artifacts().exists(Fixtures.digestOf("x")))
                    .isInstanceOfAny(StoreException.class, IllegalStateException.class);
        }

        @Test
        @DisplayName("a reopened store keeps what all three parts stored")
        void reopen_wholeStore() {
            assumeDurable();
            RunRecord run = Fixtures.run(store(), Fixtures.experiment(store(), "churn").id(), "r", 1);
            ArtifactInfo blob = artifacts().put(new ByteArrayInputStream(new byte[] {1, 2, 3}), "application/x-test");
            registry().createModel("churn-classifier", "", Map.of(), Fixtures.T0, List.of());
            registry().createVersion(Fixtures.newVersion("churn-classifier", "w"), created -> List.of());
            registry().appendAudit(List.of(Fixtures.audit("model.create", "churn-classifier")));
            StoreSnapshot before = StoreSnapshot.take(store(), java.util.List.of(), java.util.List.of(blob.digest()));
            closeAndReopen();
            assertThat(StoreSnapshot.take(store(), java.util.List.of(), java.util.List.of(blob.digest())))
                    .isEqualTo(before);
            assertThat(tracking().getRun(run.id()).id()).isEqualTo(run.id());
        }
    }
}
