package io.mllifecycle.store.tck;

import static io.mllifecycle.store.tck.Fixtures.T0;
import static io.mllifecycle.store.tck.Fixtures.at;
import static io.mllifecycle.store.tck.Fixtures.audit;
import static io.mllifecycle.store.tck.Fixtures.change;
import static io.mllifecycle.store.tck.Fixtures.digestOf;
import static io.mllifecycle.store.tck.Fixtures.newVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.store.AliasChange;
import io.mllifecycle.store.spi.AuditChain;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.ProfileData;
import io.mllifecycle.store.ProfileRef;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.ArtifactInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.tck.Concurrently.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of {@link io.mllifecycle.store.RegistryStore}: models, gapless version numbers under
 * concurrent writers, compare-and-set stage transitions and alias moves with their histories, gate
 * evidence and the audit hash chain.
 *
 * <p>An adapter extends this class and implements {@link #newStore()}; see
 * {@link LifecycleStoreCompatibilityKit} to run every kit from one class.
 */
public abstract class RegistryStoreCompatibilityKit extends StoreCompatibilitySupport {
    /** Threads of the concurrency tests. */
    private static final int THREADS = 8;

    private void assertRejected(Class<? extends Throwable> type, String messagePart, Executable call) {
        StoreSnapshot before = StoreSnapshot.take(store());
        assertThatThrownBy(call::execute).isInstanceOf(type)
                .satisfies(t -> assertThat(t.getMessage()).as("message").containsIgnoringCase(messagePart));
        assertThat(StoreSnapshot.take(store())).as("store state after a rejected call").isEqualTo(before);
    }

    private RegisteredModelRecord model(String name) {
        return registry().createModel(name, "about " + name, Map.of("team", "risk"), T0, List.of());
    }

    private ModelVersionRecord version(String model) {
        return registry().createVersion(newVersion(model, "bytes of " + model + " " + System.nanoTime()), created -> List.of());
    }

    @Nested
    @DisplayName("models")
    class Models {
        @Test
        @DisplayName("a created model is read back by name and listed by name")
        void createModel_readBack() {
            RegisteredModelRecord b = model("beta");
            RegisteredModelRecord a = model("alpha");
            assertThat(a.name()).isEqualTo("alpha");
            assertThat(a.description()).isEqualTo("about alpha");
            assertThat(a.tags()).isEqualTo(Map.of("team", "risk"));
            assertThat(a.aliases()).isEmpty();
            assertThat(a.createdAt()).isEqualTo(T0);
            assertThat(registry().getModel("alpha")).isEqualTo(a);
            assertThat(registry().findModel("beta")).contains(b);
            assertThat(registry().findModel("gamma")).isEmpty();
            assertThat(registry().listModels()).containsExactly(a, b);
        }

        @Test
        @DisplayName("a second model with a taken name is a conflict and changes nothing")
        void createModel_duplicateName() {
            model("churn");
            assertRejected(ConflictException.class, "churn", () -> registry().createModel("churn", "", Map.of(), T0, List.of()));
        }

        @Test
        @DisplayName("updating a model replaces its description and merges its tags")
        void updateModel_merges() {
            model("churn");
            RegisteredModelRecord u = registry().updateModel("churn", "new", Map.of("team", "growth", "tier", "1"), List.of());
            assertThat(u.description()).isEqualTo("new");
            assertThat(u.tags()).isEqualTo(Map.of("team", "growth", "tier", "1"));
            assertThat(registry().getModel("churn")).isEqualTo(u);
        }

        @Test
        @DisplayName("an unknown model is not found by every model method")
        void modelMethods_unknownModel() {
            model("churn");
            List<Executable> calls = List.of(
                    () -> registry().getModel("nope"),
                    () -> registry().updateModel("nope", "", Map.of(), List.of()),
                    () -> registry().createVersion(newVersion("nope", "x"), created -> List.of()),
                    () -> registry().getVersion("nope", 1),
                    () -> registry().listVersions("nope"),
                    () -> registry().updateVersion("nope", 1, null, Map.of(), Map.of(), null, List.of()),
                    () -> registry().transitionStage("nope", 1, Stage.DEVELOPMENT,
                            change(Stage.DEVELOPMENT, Stage.STAGING), null, List.of()),
                    () -> registry().addGateReport("nope", 1, report(Stage.STAGING, true), List.of()),
                    () -> registry().moveAlias("nope", "champion", null, 1, T0, "ci", List.of()),
                    () -> registry().aliasHistory("nope"));
            for (Executable call : calls) {
                assertRejected(NotFoundException.class, "nope", call);
            }
        }

        @ParameterizedTest(name = "model name \"{0}\"")
        @ValueSource(strings = {"", " ", "a/b", "a@b", "a:b", "tab\tname"})
        @DisplayName("a model name that is blank, has control characters or / @ : is a bad argument")
        void createModel_badName(String name) {
            assertRejected(IllegalArgumentException.class, "name", () -> registry().createModel(name, "", Map.of(), T0, List.of()));
        }

        @Test
        @DisplayName("model names of the longest allowed length are accepted, longer ones and nulls rejected")
        void createModel_limits() {
            registry().createModel("m".repeat(Checks.MAX_NAME), "d".repeat(Checks.MAX_DESCRIPTION), Map.of(), T0, List.of());
            assertRejected(IllegalArgumentException.class, "name",
                    () -> registry().createModel("m".repeat(Checks.MAX_NAME + 1), "", Map.of(), T0, List.of()));
            assertRejected(IllegalArgumentException.class, "description",
                    () -> registry().createModel("x", "d".repeat(Checks.MAX_DESCRIPTION + 1), Map.of(), T0, List.of()));
            assertRejected(IllegalArgumentException.class, "name", () -> registry().createModel(null, "", Map.of(), T0, List.of()));
            assertRejected(IllegalArgumentException.class, "tags", () -> registry().createModel("x", "", null, T0, List.of()));
            assertRejected(IllegalArgumentException.class, "createdAt",
                    () -> registry().createModel("x", "", Map.of(), null, List.of()));
            assertRejected(IllegalArgumentException.class, "name", () -> registry().findModel(null));
            model("churn");
            assertRejected(IllegalArgumentException.class, "tags",
                    () -> registry().updateModel("churn", "", Map.of("k", "v".repeat(Checks.MAX_TAG_VALUE + 1)), List.of()));
        }
    }

    /** Stores {@code bytes} as a profile blob the way the core does, and returns its reference. */
    private ProfileRef putProfile(byte[] bytes) {
        ArtifactInfo info = store().artifacts().put(new ByteArrayInputStream(bytes), "application/x-test-profile");
        ProfileRef ref = ProfileRef.of(new ProfileData("application/x-test-profile", bytes));
        assertThat(info.digest()).as("digest of the stored blob").isEqualTo(ref.digest());
        return ref;
    }

    private static byte[] profileBytes(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    @Nested
    @DisplayName("reference profiles are blobs that records refer to by digest")
    class Profiles {
        @Test
        @DisplayName("a version keeps the reference unchanged through stage changes, gate reports and tag updates,"
                + " and two versions with the same profile share one blob")
        void version_keepsReferenceThroughChanges() throws IOException {
            model("churn");
            byte[] bytes = profileBytes(200_000, 3);
            ProfileRef ref = putProfile(bytes);
            NewModelVersion spec = new NewModelVersion("churn", null, digestOf("m"), "", Map.of(), Map.of(), ref,
                    at(1), "ci");
            registry().createVersion(spec, v -> List.of());
            assertThat(putProfile(bytes)).isEqualTo(ref);
            registry().createVersion(spec, v -> List.of());
            registry().transitionStage("churn", 1, Stage.DEVELOPMENT, change(Stage.DEVELOPMENT, Stage.STAGING),
                    report(Stage.STAGING, true), List.of());
            registry().addGateReport("churn", 1, report(Stage.PRODUCTION, false), List.of());
            registry().updateVersion("churn", 1, null, Map.of("k", "v"), Map.of("owner", "risk"), null, List.of());
            registry().transitionStage("churn", 1, Stage.STAGING, change(Stage.STAGING, Stage.PRODUCTION), null,
                    List.of());
            assertThat(registry().getVersion("churn", 1).profile()).isEqualTo(ref);
            assertThat(registry().getVersion("churn", 2).profile()).isEqualTo(ref);
            assertThat(registry().listVersions("churn")).extracting(ModelVersionRecord::profile)
                    .containsExactly(ref, ref);
            List<String> blobs = new ArrayList<>();
            store().artifacts().forEachBlob(b -> blobs.add(b.digest()));
            assertThat(blobs).as("blobs holding the profile").filteredOn(ref.digest()::equals).hasSize(1);
            assertThat(store().artifacts().info(ref.digest())).hasValueSatisfying(i ->
                    assertThat(i.size()).isEqualTo(bytes.length));
            try (InputStream in = store().artifacts().open(registry().getVersion("churn", 1).profile().digest())) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
        }

        @Test
        @DisplayName("the profile digests of versions (retired ones too) and of datasets are referenced digests;"
                + " a replaced profile no longer is")
        void referencedDigests_includeProfiles() {
            model("churn");
            ProfileRef first = putProfile(profileBytes(100, 1));
            ProfileRef second = putProfile(profileBytes(100, 2));
            ProfileRef third = putProfile(profileBytes(100, 3));
            registry().createVersion(new NewModelVersion("churn", null, digestOf("m1"), "", Map.of(), Map.of(), first,
                    at(1), "ci"), v -> List.of());
            registry().createVersion(new NewModelVersion("churn", null, digestOf("m2"), "", Map.of(), Map.of(), second,
                    at(2), "ci"), v -> List.of());
            registry().transitionStage("churn", 2, Stage.DEVELOPMENT, change(Stage.DEVELOPMENT, Stage.RETIRED), null,
                    List.of());
            assertThat(registry().referencedDigests()).contains(first.digest(), second.digest(), digestOf("m1"));
            registry().updateVersion("churn", 1, null, Map.of(), Map.of(), third, List.of());
            assertThat(registry().getVersion("churn", 1).profile()).isEqualTo(third);
            assertThat(registry().referencedDigests()).contains(third.digest(), second.digest())
                    .doesNotContain(first.digest());
            ProfileRef data = putProfile(profileBytes(100, 4));
            DatasetVersion d = Fixtures.dataset("churn-data", "with profile");
            store().tracking().putDataset(new DatasetVersion(d.name(), d.digest(), d.schema(), d.rowCount(),
                    d.sourceUri(), data));
            assertThat(store().tracking().getDataset(d.name(), d.digest()).profile()).isEqualTo(data);
            assertThat(store().tracking().referencedDigests()).contains(data.digest(), d.digest());
        }

        @Test
        @DisplayName("a reference with a malformed digest or a negative size is refused when built")
        void profileRef_badInput() {
            assertThatThrownBy(() -> new ProfileRef("md5:abc", "application/x", 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digest")
                    .hasMessageContaining("md5:abc");
            assertThatThrownBy(() -> new ProfileRef(digestOf("x"), "application/x", -1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size")
                    .hasMessageContaining("-1");
        }

        @Test
        @DisplayName("profile references survive closing and reopening the store")
        void reopen_keepsReferences() {
            assumeDurable();
            model("churn");
            ProfileRef ref = putProfile(profileBytes(1000, 9));
            registry().createVersion(new NewModelVersion("churn", null, digestOf("m"), "", Map.of(), Map.of(), ref,
                    at(1), "ci"), v -> List.of());
            closeAndReopen();
            assertThat(registry().getVersion("churn", 1).profile()).isEqualTo(ref);
            assertThat(store().artifacts().exists(ref.digest())).isTrue();
        }
    }

    @Nested
    @DisplayName("model versions")
    class Versions {
        @Test
        @DisplayName("versions are numbered 1, 2, 3 per model, start in DEVELOPMENT and are read back")
        void createVersion_numbering() {
            model("churn");
            model("fraud");
            NewModelVersion spec = new NewModelVersion("churn", "run-1", digestOf("m1"), "first",
                    Map.of("algo", "gbm"), Map.of("owner", "risk"), new ProfileRef(digestOf("p12"), "application/x-test", 2),
                    at(5), "ci");
            ModelVersionRecord v1 = registry().createVersion(spec, created -> List.of());
            assertThat(v1.version()).isEqualTo(1);
            assertThat(v1.stage()).isEqualTo(Stage.DEVELOPMENT);
            assertThat(v1.sourceRunId()).isEqualTo("run-1");
            assertThat(v1.artifactDigest()).isEqualTo(digestOf("m1"));
            assertThat(v1.tags()).isEqualTo(Map.of("algo", "gbm"));
            assertThat(v1.card()).isEqualTo(Map.of("owner", "risk"));
            assertThat(v1.profile()).isEqualTo(new ProfileRef(digestOf("p12"), "application/x-test", 2));
            assertThat(v1.createdAt()).isEqualTo(at(5));
            assertThat(v1.gateReports()).isEmpty();
            assertThat(v1.stageHistory()).singleElement().satisfies(c -> {
                assertThat(c.from()).isNull();
                assertThat(c.to()).isEqualTo(Stage.DEVELOPMENT);
                assertThat(c.actor()).isEqualTo("ci");
            });
            ModelVersionRecord v2 = version("churn");
            ModelVersionRecord f1 = version("fraud");
            ModelVersionRecord v3 = version("churn");
            assertThat(List.of(v2.version(), f1.version(), v3.version())).containsExactly(2, 1, 3);
            assertThat(registry().getVersion("churn", 1)).isEqualTo(v1);
            assertThat(registry().listVersions("churn")).containsExactly(v1, v2, v3);
            assertThat(registry().listVersions("fraud")).containsExactly(f1);
        }

        @Test
        @DisplayName("a version number that was not assigned is not found")
        void getVersion_unknown() {
            model("churn");
            version("churn");
            for (int n : new int[] {0, -1, 2, Integer.MAX_VALUE}) {
                assertThatThrownBy(() -> registry().getVersion("churn", n)).isInstanceOf(NotFoundException.class);
            }
            assertRejected(NotFoundException.class, "", () -> registry().transitionStage("churn", 2,
                    Stage.DEVELOPMENT, change(Stage.DEVELOPMENT, Stage.STAGING), null, List.of()));
        }

        @Test
        @DisplayName("8 threads registering 50 versions each get exactly the numbers 1 … 400")
        void createVersion_concurrentGapless() throws InterruptedException {
            model("churn");
            int each = 50;
            List<Outcome<List<Integer>>> outcomes = Concurrently.run(THREADS, () -> {
                List<Integer> numbers = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    numbers.add(registry().createVersion(newVersion("churn", Thread.currentThread().getName() + i), created -> List.of())
                            .version());
                }
                return numbers;
            });
            List<Integer> all = new ArrayList<>();
            for (Outcome<List<Integer>> o : outcomes) {
                assertThat(o.failure()).as("failure of a registering thread").isNull();
                assertThat(o.value()).as("numbers one thread got, in its order").isSorted();
                all.addAll(o.value());
            }
            Collections.sort(all);
            assertThat(all).containsExactlyElementsOf(IntStream.rangeClosed(1, THREADS * each).boxed().toList());
            assertThat(registry().listVersions("churn")).extracting(ModelVersionRecord::version)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, THREADS * each).boxed().toList());
        }

        @Test
        @DisplayName("updating a version merges tags and card, and replaces description and profile only when given")
        void updateVersion_merges() {
            model("churn");
            ModelVersionRecord v = version("churn");
            ProfileRef p = new ProfileRef(digestOf("p7"), "application/x-test", 1);
            ModelVersionRecord u = registry().updateVersion("churn", 1, "better", Map.of("a", "1"),
                    Map.of("owner", "risk"), p, List.of());
            assertThat(u.description()).isEqualTo("better");
            assertThat(u.tags()).isEqualTo(Map.of("a", "1"));
            assertThat(u.card()).isEqualTo(Map.of("owner", "risk"));
            assertThat(u.profile()).isEqualTo(p);
            assertThat(u.stage()).isEqualTo(v.stage());
            ModelVersionRecord kept = registry().updateVersion("churn", 1, null, Map.of("b", "2"), Map.of(), null, List.of());
            assertThat(kept.description()).isEqualTo("better");
            assertThat(kept.profile()).isEqualTo(p);
            assertThat(kept.tags()).isEqualTo(Map.of("a", "1", "b", "2"));
            assertThat(registry().getVersion("churn", 1)).isEqualTo(kept);
            assertRejected(IllegalArgumentException.class, "tags",
                    () -> registry().updateVersion("churn", 1, null, null, Map.of(), null, List.of()));
            assertRejected(IllegalArgumentException.class, "card",
                    () -> registry().updateVersion("churn", 1, null, Map.of(), Map.of(" ", "x"), null, List.of()));
            assertRejected(IllegalArgumentException.class, "description", () -> registry().updateVersion("churn", 1,
                    "d".repeat(Checks.MAX_DESCRIPTION + 1), Map.of(), Map.of(), null, List.of()));
        }

        @Test
        @DisplayName("a null version spec is a bad argument")
        void createVersion_null() {
            model("churn");
            assertRejected(IllegalArgumentException.class, "version", () -> registry().createVersion(null, created -> List.of()));
        }
    }

    @Nested
    @DisplayName("stage transitions")
    class Stages {
        @Test
        @DisplayName("a transition from the expected stage moves the version and appends to its history")
        void transitionStage_fromExpected() {
            model("churn");
            version("churn");
            ModelVersionRecord s = registry().transitionStage("churn", 1, Stage.DEVELOPMENT,
                    change(Stage.DEVELOPMENT, Stage.STAGING), null, List.of());
            ModelVersionRecord p = registry().transitionStage("churn", 1, Stage.STAGING,
                    new StageChange(Stage.STAGING, Stage.PRODUCTION, at(90), "alice", "gates passed"), null, List.of());
            assertThat(s.stage()).isEqualTo(Stage.STAGING);
            assertThat(p.stage()).isEqualTo(Stage.PRODUCTION);
            assertThat(p.stageHistory()).extracting(StageChange::to)
                    .containsExactly(Stage.DEVELOPMENT, Stage.STAGING, Stage.PRODUCTION);
            assertThat(p.stageHistory().get(2))
                    .isEqualTo(new StageChange(Stage.STAGING, Stage.PRODUCTION, at(90), "alice", "gates passed"));
            assertThat(registry().getVersion("churn", 1)).isEqualTo(p);
        }

        @Test
        @DisplayName("the store does not judge transitions: any move from the expected stage is kept")
        void transitionStage_notJudged() {
            model("churn");
            version("churn");
            ModelVersionRecord r = registry().transitionStage("churn", 1, Stage.DEVELOPMENT,
                    new StageChange(Stage.DEVELOPMENT, Stage.RETIRED, at(9), "ci", "forced: audited"), null, List.of());
            assertThat(r.stage()).isEqualTo(Stage.RETIRED);
        }

        @Test
        @DisplayName("a transition from a stage the version is not in is a conflict and changes nothing")
        void transitionStage_wrongExpected() {
            model("churn");
            version("churn");
            assertRejected(ConflictException.class, "churn", () -> registry().transitionStage("churn", 1,
                    Stage.STAGING, change(Stage.STAGING, Stage.PRODUCTION), null, List.of()));
        }

        @Test
        @DisplayName("a change whose from differs from expected, or nulls, are bad arguments")
        void transitionStage_badArguments() {
            model("churn");
            version("churn");
            assertRejected(IllegalArgumentException.class, "from", () -> registry().transitionStage("churn", 1,
                    Stage.DEVELOPMENT, change(Stage.STAGING, Stage.PRODUCTION), null, List.of()));
            assertRejected(IllegalArgumentException.class, "expected", () -> registry().transitionStage("churn", 1,
                    null, change(null, Stage.STAGING), null, List.of()));
            assertRejected(IllegalArgumentException.class, "change",
                    () -> registry().transitionStage("churn", 1, Stage.DEVELOPMENT, null, null, List.of()));
        }

        @Test
        @DisplayName("of 8 concurrent transitions from the same expected stage exactly one succeeds, the others conflict")
        void transitionStage_concurrentCas() throws InterruptedException {
            model("churn");
            version("churn");
            List<Outcome<ModelVersionRecord>> outcomes = Concurrently.run(THREADS, () -> registry().transitionStage(
                    "churn", 1, Stage.DEVELOPMENT, change(Stage.DEVELOPMENT, Stage.STAGING), null, List.of()));
            assertThat(outcomes.stream().filter(o -> o.failure() == null)).hasSize(1);
            assertThat(outcomes.stream().filter(o -> o.failure() != null).map(Outcome::failure))
                    .hasSize(THREADS - 1).allMatch(ConflictException.class::isInstance);
            assertThat(registry().getVersion("churn", 1).stageHistory()).hasSize(2);
        }
    }

    static GateReport report(Stage target, boolean passed) {
        return new GateReport(target, List.of(new GateResult("metric auc ≥ 0.85", passed, "0.9", "≥ 0.85",
                "auc 0.9 is at least 0.85")), T0, "ci", false);
    }

    @Nested
    @DisplayName("gate evidence")
    class Gates {
        @Test
        @DisplayName("gate reports are appended in order, passed or not, and the stage stays")
        void addGateReport_appends() {
            model("churn");
            version("churn");
            GateReport failed = report(Stage.STAGING, false);
            GateReport passed = report(Stage.STAGING, true);
            registry().addGateReport("churn", 1, failed, List.of());
            ModelVersionRecord v = registry().addGateReport("churn", 1, passed, List.of());
            assertThat(v.gateReports()).containsExactly(failed, passed);
            assertThat(v.stage()).isEqualTo(Stage.DEVELOPMENT);
            assertThat(registry().getVersion("churn", 1).gateReports()).containsExactly(failed, passed);
            assertRejected(IllegalArgumentException.class, "report", () -> registry().addGateReport("churn", 1, null, List.of()));
        }
    }

    @Nested
    @DisplayName("aliases")
    class Aliases {
        @Test
        @DisplayName("an alias is set when expected unset, moved when expected current, removed with no target")
        void moveAlias_compareAndSet() {
            model("churn");
            version("churn");
            version("churn");
            assertThat(registry().moveAlias("churn", "champion", null, 1, at(1), "ci", List.of()).aliases())
                    .isEqualTo(Map.of("champion", 1));
            assertThat(registry().moveAlias("churn", "champion", 1, 2, at(2), "ci", List.of()).aliases())
                    .isEqualTo(Map.of("champion", 2));
            registry().moveAlias("churn", "challenger", null, 1, at(3), "bob", List.of());
            assertThat(registry().getModel("churn").aliases()).isEqualTo(Map.of("champion", 2, "challenger", 1));
            assertThat(registry().moveAlias("churn", "champion", 2, null, at(4), "ci", List.of()).aliases())
                    .isEqualTo(Map.of("challenger", 1));
            assertThat(registry().aliasHistory("churn")).containsExactly(
                    new AliasChange("champion", null, 1, at(1), "ci"),
                    new AliasChange("champion", 1, 2, at(2), "ci"),
                    new AliasChange("challenger", null, 1, at(3), "bob"),
                    new AliasChange("champion", 2, null, at(4), "ci"));
        }

        @Test
        @DisplayName("a move whose expected version is not the current one is a conflict and changes nothing")
        void moveAlias_wrongExpected() {
            model("churn");
            version("churn");
            version("churn");
            registry().moveAlias("churn", "champion", null, 1, at(1), "ci", List.of());
            assertRejected(ConflictException.class, "champion",
                    () -> registry().moveAlias("churn", "champion", null, 2, at(2), "ci", List.of()));
            assertRejected(ConflictException.class, "champion",
                    () -> registry().moveAlias("churn", "champion", 2, 1, at(2), "ci", List.of()));
            assertRejected(ConflictException.class, "challenger",
                    () -> registry().moveAlias("churn", "challenger", 1, 2, at(2), "ci", List.of()));
        }

        @Test
        @DisplayName("an alias to a version that does not exist is not found and changes nothing")
        void moveAlias_missingVersion() {
            model("churn");
            version("churn");
            assertRejected(NotFoundException.class, "", () -> registry().moveAlias("churn", "champion", null, 2,
                    at(1), "ci", List.of()));
        }

        @Test
        @DisplayName("bad alias names, times and actors are bad arguments")
        void moveAlias_badArguments() {
            model("churn");
            version("churn");
            assertRejected(IllegalArgumentException.class, "alias",
                    () -> registry().moveAlias("churn", " ", null, 1, at(1), "ci", List.of()));
            assertRejected(IllegalArgumentException.class, "alias",
                    () -> registry().moveAlias("churn", null, null, 1, at(1), "ci", List.of()));
            assertRejected(IllegalArgumentException.class, "alias",
                    () -> registry().moveAlias("churn", "a".repeat(Checks.MAX_KEY + 1), null, 1, at(1), "ci", List.of()));
            assertRejected(IllegalArgumentException.class, "at",
                    () -> registry().moveAlias("churn", "champion", null, 1, null, "ci", List.of()));
            assertRejected(IllegalArgumentException.class, "actor",
                    () -> registry().moveAlias("churn", "champion", null, 1, at(1), "\u0000", List.of()));
        }

        @Test
        @DisplayName("of 8 concurrent moves from the same expected version exactly one succeeds")
        void moveAlias_concurrentCas() throws InterruptedException {
            model("churn");
            for (int i = 0; i < THREADS; i++) {
                version("churn");
            }
            registry().moveAlias("churn", "champion", null, 1, at(1), "ci", List.of());
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger(1);
            List<Outcome<RegisteredModelRecord>> outcomes = Concurrently.run(THREADS, () -> {
                int target = next.incrementAndGet();
                return registry().moveAlias("churn", "champion", 1, target > THREADS ? 1 : target, at(2), "ci", List.of());
            });
            assertThat(outcomes.stream().filter(o -> o.failure() == null)).hasSize(1);
            assertThat(outcomes.stream().filter(o -> o.failure() != null).map(Outcome::failure))
                    .hasSize(THREADS - 1).allMatch(ConflictException.class::isInstance);
            assertThat(registry().aliasHistory("churn")).hasSize(2);
        }
    }

    @Nested
    @DisplayName("audit trail")
    class Audit {
        @Test
        @DisplayName("appended events are numbered 1, 2, 3, chained from GENESIS and verify")
        void appendAudit_chain() {
            AuditEvent e1 = registry().appendAudit(List.of(audit("model.create", "churn"))).get(0);
            AuditEvent e2 = registry().appendAudit(List.of(audit("model.version.create", "churn/1"))).get(0);
            assertThat(e1.sequence()).isEqualTo(1);
            assertThat(e1.previousHash()).isEqualTo(AuditChain.GENESIS);
            assertThat(e2.sequence()).isEqualTo(2);
            assertThat(e2.previousHash()).isEqualTo(e1.hash());
            assertThat(e1.action()).isEqualTo("model.create");
            assertThat(e1.details()).isEqualTo(Map.of("k", "v"));
            List<AuditEvent> all = registry().auditEvents(1, 10);
            assertThat(all).containsExactly(e1, e2);
            assertThat(AuditChain.verify(all)).isEmpty();
        }

        @Test
        @DisplayName("events appended from 8 threads form one gapless chain that verifies")
        void appendAudit_concurrent() throws InterruptedException {
            int each = 50;
            List<Outcome<Integer>> outcomes = Concurrently.run(THREADS, () -> {
                for (int i = 0; i < each; i++) {
                    registry().appendAudit(List.of(audit("test.append", Thread.currentThread().getName() + "/" + i)));
                }
                return each;
            });
            outcomes.forEach(o -> assertThat(o.failure()).isNull());
            List<AuditEvent> all = registry().auditEvents(1, THREADS * each + 10);
            assertThat(all).hasSize(THREADS * each);
            assertThat(all).extracting(AuditEvent::sequence)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, THREADS * each).asLongStream().boxed().toList());
            assertThat(AuditChain.verify(all)).isEmpty();
        }

        @Test
        @DisplayName("event ranges start at fromSequence, hold at most limit events and are empty past the end")
        void auditEvents_ranges() {
            for (int i = 1; i <= 10; i++) {
                registry().appendAudit(List.of(audit("a" + i, "s"))).get(0);
            }
            assertThat(registry().auditEvents(1, 3)).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L);
            assertThat(registry().auditEvents(5, 3)).extracting(AuditEvent::sequence).containsExactly(5L, 6L, 7L);
            assertThat(registry().auditEvents(9, 100)).extracting(AuditEvent::sequence).containsExactly(9L, 10L);
            assertThat(registry().auditEvents(11, 5)).isEmpty();
            assertThat(registry().auditEvents(Long.MAX_VALUE, Integer.MAX_VALUE)).isEmpty();
            assertThat(registry().auditEvents(10, 1)).singleElement().satisfies(e -> assertThat(e.action())
                    .isEqualTo("a10"));
            assertRejected(IllegalArgumentException.class, "fromSequence", () -> registry().auditEvents(0, 5));
            assertRejected(IllegalArgumentException.class, "limit", () -> registry().auditEvents(1, 0));
            assertRejected(IllegalArgumentException.class, "audit[0]",
                    () -> registry().appendAudit(java.util.Arrays.asList((io.mllifecycle.store.AuditEntry) null)));
        }
    }

    @Nested
    @DisplayName("deletes")
    class Deletes {
        @Test
        @DisplayName("a model tag and a version tag are removed with their audit event; an absent tag changes nothing")
        void deleteTags() {
            model("churn");
            version("churn");
            registry().updateVersion("churn", 1, null, Map.of("owner", "ana", "keep", "x"), Map.of(), null, List.of());
            long head = registry().auditHead().map(AuditEvent::sequence).orElse(0L);
            assertThat(registry().deleteModelTag("churn", "team", List.of(audit("model.tag.delete", "churn"))).tags())
                    .isEmpty();
            assertThat(registry().getModel("churn").tags()).isEmpty();
            assertThat(registry().deleteVersionTag("churn", 1, "owner", List.of(audit("model.version.tag.delete",
                    "churn/1"))).tags()).isEqualTo(Map.of("keep", "x"));
            assertThat(registry().getVersion("churn", 1).tags()).isEqualTo(Map.of("keep", "x"));
            assertThat(registry().auditEvents(head + 1, 10)).extracting(AuditEvent::action)
                    .containsExactly("model.tag.delete", "model.version.tag.delete");
            StoreSnapshot before = StoreSnapshot.take(store());
            assertThat(registry().deleteModelTag("churn", "team", List.of(audit("model.tag.delete", "churn"))).tags())
                    .isEmpty();
            assertThat(registry().deleteVersionTag("churn", 1, "owner", List.of(audit("x", "churn/1"))).tags())
                    .isEqualTo(Map.of("keep", "x"));
            assertThat(StoreSnapshot.take(store())).as("an absent tag writes nothing, not even audit").isEqualTo(before);
            assertRejected(NotFoundException.class, "nope", () -> registry().deleteModelTag("nope", "team", List.of()));
            assertRejected(NotFoundException.class, "7", () -> registry().deleteVersionTag("churn", 7, "keep", List.of()));
        }

        @Test
        @DisplayName("a deleted version is gone from every read, its number is not given again, its artifact no longer referenced")
        void deleteVersion() {
            model("churn");
            ModelVersionRecord first = version("churn");
            version("churn");
            registry().deleteVersion("churn", 1, List.of(audit("model.version.delete", "churn/1")));
            assertThatThrownBy(() -> registry().getVersion("churn", 1)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("churn/1");
            assertThat(registry().listVersions("churn")).extracting(ModelVersionRecord::version).containsExactly(2);
            assertThat(registry().referencedDigests()).doesNotContain(first.artifactDigest());
            assertThat(registry().auditHead()).map(AuditEvent::action).contains("model.version.delete");
            assertThat(version("churn").version()).isEqualTo(3);
            assertRejected(NotFoundException.class, "churn/1", () -> registry().deleteVersion("churn", 1, List.of()));
            assertRejected(NotFoundException.class, "churn/1", () -> registry().transitionStage("churn", 1,
                    Stage.DEVELOPMENT, change(Stage.DEVELOPMENT, Stage.STAGING), null, List.of()));
            assertRejected(NotFoundException.class, "1", () -> registry().moveAlias("churn", "champion", null, 1,
                    at(1), "ci", List.of()));
        }

        @Test
        @DisplayName("a version in PRODUCTION or behind an alias is not deleted, and nothing changes")
        void deleteVersion_refused() {
            model("churn");
            version("churn");
            version("churn");
            registry().transitionStage("churn", 1, Stage.DEVELOPMENT, change(Stage.DEVELOPMENT, Stage.STAGING), null,
                    List.of());
            registry().transitionStage("churn", 1, Stage.STAGING, change(Stage.STAGING, Stage.PRODUCTION), null,
                    List.of());
            registry().moveAlias("churn", "challenger", null, 2, at(1), "ci", List.of());
            assertRejected(ConflictException.class, "PRODUCTION",
                    () -> registry().deleteVersion("churn", 1, List.of(audit("model.version.delete", "churn/1"))));
            assertRejected(ConflictException.class, "challenger",
                    () -> registry().deleteVersion("churn", 2, List.of(audit("model.version.delete", "churn/2"))));
        }

        @Test
        @DisplayName("a deleted model is gone from every read with its versions, and its name is not taken again")
        void deleteModel() {
            model("churn");
            ModelVersionRecord v = version("churn");
            model("fraud");
            registry().deleteModel("churn", List.of(audit("model.delete", "churn")));
            assertThat(registry().findModel("churn")).isEmpty();
            assertThat(registry().listModels()).extracting(RegisteredModelRecord::name).containsExactly("fraud");
            assertThatThrownBy(() -> registry().getModel("churn")).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> registry().getVersion("churn", 1)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> registry().listVersions("churn")).isInstanceOf(NotFoundException.class);
            assertThat(registry().referencedDigests()).doesNotContain(v.artifactDigest());
            assertThat(registry().auditHead()).map(AuditEvent::action).contains("model.delete");
            assertRejected(ConflictException.class, "deleted", () -> registry().createModel("churn", "", Map.of(), T0,
                    List.of()));
            assertRejected(NotFoundException.class, "churn", () -> registry().deleteModel("churn", List.of()));
            assertRejected(NotFoundException.class, "churn", () -> registry().createVersion(newVersion("churn", "b"),
                    created -> List.of()));
        }

        @Test
        @DisplayName("a model with an alias or a version in PRODUCTION is not deleted, and nothing changes")
        void deleteModel_refused() {
            model("churn");
            version("churn");
            registry().moveAlias("churn", "champion", null, 1, at(1), "ci", List.of());
            assertRejected(ConflictException.class, "champion",
                    () -> registry().deleteModel("churn", List.of(audit("model.delete", "churn"))));
            registry().moveAlias("churn", "champion", 1, null, at(2), "ci", List.of());
            registry().transitionStage("churn", 1, Stage.DEVELOPMENT, change(Stage.DEVELOPMENT, Stage.STAGING), null,
                    List.of());
            registry().transitionStage("churn", 1, Stage.STAGING, change(Stage.STAGING, Stage.PRODUCTION), null,
                    List.of());
            assertRejected(ConflictException.class, "PRODUCTION",
                    () -> registry().deleteModel("churn", List.of(audit("model.delete", "churn"))));
        }

        @Test
        @DisplayName("deletions survive closing and reopening the store")
        void deletes_reopen() {
            assumeDurable();
            model("churn");
            version("churn");
            version("churn");
            model("fraud");
            registry().deleteVersion("churn", 1, List.of(audit("model.version.delete", "churn/1")));
            registry().deleteModel("fraud", List.of(audit("model.delete", "fraud")));
            StoreSnapshot before = StoreSnapshot.take(store());
            closeAndReopen();
            assertThat(StoreSnapshot.take(store())).isEqualTo(before);
            assertThat(registry().listVersions("churn")).extracting(ModelVersionRecord::version).containsExactly(2);
            assertThat(registry().findModel("fraud")).isEmpty();
            assertThat(version("churn").version()).isEqualTo(3);
            assertThatThrownBy(() -> registry().createModel("fraud", "", Map.of(), T0, List.of()))
                    .isInstanceOf(ConflictException.class);
        }
    }

    @Nested
    @DisplayName("after the store is closed and reopened")
    class Reopen {
        @Test
        @DisplayName("models, versions, stages, aliases, gate evidence and the audit chain are all still there")
        void reopen_keepsEverything() {
            assumeDurable();
            model("churn");
            version("churn");
            version("churn");
            registry().transitionStage("churn", 1, Stage.DEVELOPMENT, change(Stage.DEVELOPMENT, Stage.STAGING), null, List.of());
            registry().addGateReport("churn", 1, report(Stage.STAGING, true), List.of());
            registry().updateVersion("churn", 2, "d", Map.of("a", "1"), Map.of("owner", "x"),
                    new ProfileRef(digestOf("p123"), "application/x-test", 3), List.of());
            registry().moveAlias("churn", "champion", null, 1, at(1), "ci", List.of());
            registry().appendAudit(List.of(audit("model.create", "churn"))).get(0);
            registry().appendAudit(List.of(audit("model.version.create", "churn/1"))).get(0);
            StoreSnapshot before = StoreSnapshot.take(store());
            closeAndReopen();
            assertThat(StoreSnapshot.take(store())).isEqualTo(before);
            assertThat(version("churn").version()).isEqualTo(3);
            AuditEvent third = registry().appendAudit(List.of(audit("model.version.create", "churn/3"))).get(0);
            assertThat(third.sequence()).isEqualTo(3);
            assertThat(AuditChain.verify(registry().auditEvents(1, 100))).isEmpty();
            assertThatThrownBy(() -> registry().moveAlias("churn", "champion", null, 2, at(2), "ci", List.of()))
                    .isInstanceOf(ConflictException.class);
        }
    }
}
