package io.mllifecycle.spring;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RegisteredModelRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/mllifecycle}: every registered model with its aliases, version count, stage of each version
 * and the last gate report stored with any of its versions. Expose it with
 * {@code management.endpoints.web.exposure.include=health,mllifecycle}.
 */
@Endpoint(id = "mllifecycle")
public class LifecycleEndpoint {
    private final Lifecycle lifecycle;

    /** @param lifecycle the lifecycle whose registry is listed */
    public LifecycleEndpoint(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /**
     * What the endpoint answers.
     *
     * @param models every model, by name
     */
    public record Registry(List<Model> models) {}

    /**
     * One model.
     *
     * @param name           model name
     * @param aliases        alias → version
     * @param versions       version → stage
     * @param lastGateReport the newest gate report of any version, or null when gates never ran
     */
    public record Model(String name, Map<String, Integer> aliases, Map<Integer, String> versions,
                        Report lastGateReport) {}

    /**
     * A gate report.
     *
     * @param version     the version it was for
     * @param targetStage the stage asked for
     * @param passed      whether every gate passed
     * @param overridden  whether the gates were skipped by an audited override
     * @param evaluatedAt when (ISO-8601)
     * @param actor       who asked
     * @param gates       each gate's result
     */
    public record Report(int version, String targetStage, boolean passed, boolean overridden, String evaluatedAt,
                         String actor, List<Gate> gates) {}

    /**
     * One gate's result.
     *
     * @param gate     the gate's description
     * @param passed   whether it passed
     * @param observed what was measured
     * @param expected the bound
     * @param message  the sentence a person reads
     */
    public record Gate(String gate, boolean passed, String observed, String expected, String message) {}

    /** @return the registry's models, aliases and last gate reports */
    @ReadOperation
    public Registry registry() {
        List<Model> models = new ArrayList<>();
        List<RegisteredModelRecord> all = new ArrayList<>(lifecycle.store().registry().listModels());
        all.sort(Comparator.comparing(RegisteredModelRecord::name));
        for (RegisteredModelRecord m : all) {
            Map<Integer, String> versions = new TreeMap<>();
            Report last = null;
            GateReport newest = null;
            for (ModelVersionRecord v : lifecycle.store().registry().listVersions(m.name())) {
                versions.put(v.version(), v.stage().name());
                for (GateReport r : v.gateReports()) {
                    if (newest == null || !r.evaluatedAt().isBefore(newest.evaluatedAt())) {
                        newest = r;
                        last = report(v.version(), r);
                    }
                }
            }
            models.add(new Model(m.name(), new TreeMap<>(m.aliases()), versions, last));
        }
        return new Registry(models);
    }

    private static Report report(int version, GateReport r) {
        List<Gate> gates = new ArrayList<>();
        for (GateResult g : r.results()) {
            gates.add(new Gate(g.gate(), g.passed(), g.observed(), g.expected(), g.message()));
        }
        return new Report(version, r.targetStage().name(), r.passed(), r.overridden(), r.evaluatedAt().toString(),
                r.actor(), gates);
    }
}
