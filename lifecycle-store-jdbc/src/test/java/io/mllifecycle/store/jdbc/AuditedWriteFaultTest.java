package io.mllifecycle.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.ProfileRef;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.RegistryStore;
import io.mllifecycle.store.RequestStatus;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.TransitionRequest;
import io.mllifecycle.store.jdbc.FlakyDataSource.Where;
import io.mllifecycle.store.memory.InMemoryArtifactStore;
import io.mllifecycle.store.spi.AuditChain;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every mutating {@link RegistryStore} method commits its change and its audit events in one transaction: a
 * fault after each statement of the transaction in turn (the database ran it, then the client saw an
 * error), and a fault at COMMIT, leave neither the change nor any event; the unfaulted call then appends
 * exactly its events. The mutators run in order on one store, each on state the earlier ones built.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditedWriteFaultTest {
    private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");
    private static final String DIGEST = "sha256:" + "cd".repeat(32);
    private final TestDatabase db = new TestDatabase();
    private JdbcConnectionPool pool;
    private FlakyDataSource flaky;
    private JdbcStore store;
    private RegistryStore registry;

    private record Mutator(String name, List<AuditEntry> events, Consumer<RegistryStore> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void open() {
        pool = TestDatabase.pool(db.newSchema(), 2);
        flaky = new FlakyDataSource(pool);
        store = JdbcStore.builder(flaky).artifacts(new InMemoryArtifactStore()).maxAttempts(1)
                .retryBackoff(Duration.ZERO).onClose(pool).open();
        registry = store.registry();
        registry.createModel("base", "", Map.of(), T, List.of(entry("model.create", "base")));
        for (int i = 0; i < 2; i++) {
            registry.createVersion(spec("base"), v -> List.of(entry("model.version.create", v.reference())));
        }
    }

    @AfterAll
    void close() {
        store.close();
        db.dropAll();
    }

    private static AuditEntry entry(String action, String subject) {
        return new AuditEntry(T, "ci", action, subject, Map.of("k", "v"));
    }

    private static List<AuditEntry> two(String action, String subject) {
        return List.of(entry(action, subject), new AuditEntry(T, "ci", action + ".second", subject, Map.of()));
    }

    private static NewModelVersion spec(String model) {
        return new NewModelVersion(model, null, DIGEST, "", Map.of("t", "1"), Map.of("c", "1"), null, T, "ci");
    }

    private static final GateReport REPORT = new GateReport(Stage.STAGING,
            List.of(new GateResult("auc", true, "0.9", ">= 0.85", "ok"),
                    new GateResult("docs", true, "present", "present", "ok")), T, "ci", false);

    Stream<Mutator> mutators() {
        TransitionRequest request = TransitionRequest.pending("req-1", "base", 1, Stage.STAGING, Stage.PRODUCTION,
                "ship", "ana", T);
        return Stream.of(
                new Mutator("createModel", two("model.create", "other"),
                        r -> r.createModel("other", "d", Map.of("team", "risk"), T, two("model.create", "other"))),
                new Mutator("updateModel", two("model.update", "base"),
                        r -> r.updateModel("base", "new", Map.of("team", "risk", "tier", "1"),
                                two("model.update", "base"))),
                new Mutator("createVersion", two("model.version.create", "base/3"),
                        r -> r.createVersion(spec("base"), v -> two("model.version.create", v.reference()))),
                new Mutator("updateVersion", two("model.version.update", "base/1"),
                        r -> r.updateVersion("base", 1, "described", Map.of("t", "2", "u", "3"), Map.of("c", "2"),
                                ProfileRef.of(new io.mllifecycle.store.ProfileData("application/x-test", "p".getBytes(StandardCharsets.UTF_8))),
                                two("model.version.update", "base/1"))),
                new Mutator("transitionStage with gate report", two("model.version.promote", "base/1"),
                        r -> r.transitionStage("base", 1, Stage.DEVELOPMENT, new StageChange(Stage.DEVELOPMENT,
                                Stage.STAGING, T, "ci", "gates passed"), REPORT,
                                two("model.version.promote", "base/1"))),
                new Mutator("addGateReport", two("gate.report", "base/2"),
                        r -> r.addGateReport("base", 2, REPORT, two("gate.report", "base/2"))),
                new Mutator("moveAlias", two("model.alias.move", "base@champion"),
                        r -> r.moveAlias("base", "champion", null, 1, T, "ci", two("model.alias.move", "base@champion"))),
                new Mutator("putPolicy of a model", two("policy.put", "base"),
                        r -> r.putPolicy(new PolicyRecord("base", 1, "text/plain", "approve", T, "lead"),
                                two("policy.put", "base"))),
                new Mutator("putPolicy of all models", two("policy.put", "*"),
                        r -> r.putPolicy(new PolicyRecord("*", 1, "text/plain", "default", T, "lead"),
                                two("policy.put", "*"))),
                new Mutator("createRequest", two("request.create", "base/1"),
                        r -> r.createRequest(request, two("request.create", "base/1"))),
                new Mutator("decideRequest with the stage move", two("request.approve", "base/1"),
                        r -> r.decideRequest(request.decided(RequestStatus.APPROVED, "bo", T, "fine"),
                                new StageChange(Stage.STAGING, Stage.PRODUCTION, T, "bo", "approved"),
                                two("request.approve", "base/1"))),
                new Mutator("appendAudit", two("run.delete", "r-1"),
                        r -> r.appendAudit(two("run.delete", "r-1"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutators")
    @DisplayName("a fault after any statement or at COMMIT leaves neither the change nor its events; then the"
            + " call appends exactly its events")
    void faultAtEveryStatement_leavesNothing(Mutator m) {
        String before = snapshot();
        long head = registry.auditHead().map(AuditEvent::sequence).orElse(0L);

        FaultSweep.leavesNothingUntilItSucceeds(flaky, this::snapshot, () -> m.call().accept(registry));

        assertThat(snapshot()).isNotEqualTo(before);
        List<AuditEvent> appended = registry.auditEvents(head + 1, 100);
        assertThat(appended).extracting(e -> new AuditEntry(e.time(), e.actor(), e.action(), e.subject(), e.details()))
                .containsExactlyElementsOf(m.events());
        assertThat(AuditChain.verify(registry.auditEvents(1, 1000))).isEmpty();
    }

    /** @return everything the registry holds, as read through the SPI */
    private String snapshot() {
        List<Object> all = new ArrayList<>();
        for (RegisteredModelRecord model : registry.listModels()) {
            all.add(model);
            all.add(registry.listVersions(model.name()));
            all.add(registry.aliasHistory(model.name()));
            all.add(registry.listRequests(model.name()));
            all.add(registry.policyHistory(model.name()));
        }
        all.add(registry.policyHistory(PolicyRecord.DEFAULT_SCOPE));
        all.add(registry.auditEvents(1, 1000));
        all.add(registry.auditHead());
        all.add(registry.referencedDigests());
        return all.toString();
    }
}
