package io.mllifecycle.gate;

import io.mllifecycle.store.ArtifactStore;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.TrackingStore;
import java.util.Optional;

/**
 * What a gate may look at: the candidate version, the stage it is to move to, and read access to the
 * registry and tracking stores.
 *
 * @param candidate the version asking to move
 * @param target    the stage it asks for
 * @param registry  registry store (read only, by convention)
 * @param tracking  tracking store (read only, by convention)
 * @param artifacts artifact store, where reference profiles are read from; null when the context was built
 *                  without one (then gates that need the candidate's profile fail saying so)
 */
public record GateContext(ModelVersionRecord candidate, Stage target, RegistryStore registry, TrackingStore tracking,
                          ArtifactStore artifacts) {

    /** A context without an artifact store. */
    public GateContext(ModelVersionRecord candidate, Stage target, RegistryStore registry, TrackingStore tracking) {
        this(candidate, target, registry, tracking, null);
    }

    /** @return the run that produced the candidate, if it has one that still exists */
    public Optional<RunRecord> sourceRun() {
        return runOf(candidate);
    }

    /** @return the run that produced {@code version}, if any */
    public Optional<RunRecord> runOf(ModelVersionRecord version) {
        if (version.sourceRunId() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(tracking.getRun(version.sourceRunId()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** @return the version of the candidate's model behind {@code alias}, if the alias is set */
    public Optional<ModelVersionRecord> versionBehind(String alias) {
        Integer v = registry.getModel(candidate.modelName()).aliases().get(alias);
        return v == null ? Optional.empty() : Optional.of(registry.getVersion(candidate.modelName(), v));
    }
}
