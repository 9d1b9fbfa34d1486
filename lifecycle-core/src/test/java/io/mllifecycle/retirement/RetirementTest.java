package io.mllifecycle.retirement;

import static io.mllifecycle.store.Stage.DEPRECATED;
import static io.mllifecycle.store.Stage.DEVELOPMENT;
import static io.mllifecycle.store.Stage.PRODUCTION;
import static io.mllifecycle.store.Stage.RETIRED;
import static io.mllifecycle.store.Stage.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.tracking.Run;
import io.mllifecycle.monitoring.MonitoringRuns;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RetirementTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LifecycleStore store = TestStores.newStore();
    private final Lifecycle lifecycle = Lifecycle.builder().store(store).clock(clock).actor("ops").build();

    private ModelVersion register(String weights) {
        try (Run run = lifecycle.experiment("train").startRun()) {
            run.logArtifact("m.bin", weights.getBytes(StandardCharsets.UTF_8));
            return lifecycle.models().register("m", run, "m.bin");
        }
    }

    private Map<Integer, RetirementAction> actions(RetirementPlan plan) {
        Map<Integer, RetirementAction> out = new java.util.TreeMap<>();
        plan.decisions().forEach(d -> out.put(d.version(), d.action()));
        return out;
    }

    @Test
    void keepLatest_retiresOlderButNeverAliasedOrProduction() {
        ModelVersion v1 = register("1");
        ModelVersion v2 = register("2");
        register("3");
        register("4");
        register("5");
        v1.promote(STAGING).promote(PRODUCTION);
        lifecycle.models().model("m").setAlias("champion", v2.version());
        RetirementPlan plan = lifecycle.planRetirement("m", RetirementPolicy.builder().keepLatest(2).build());
        assertThat(actions(plan)).containsExactly(Map.entry(1, RetirementAction.KEEP), Map.entry(2, RetirementAction.KEEP),
                Map.entry(3, RetirementAction.RETIRE), Map.entry(4, RetirementAction.KEEP), Map.entry(5, RetirementAction.KEEP));
        assertThat(plan.decisions().get(0).reasons().get(0)).contains("in PRODUCTION (protected");
        assertThat(plan.decisions().get(1).reasons().get(0)).contains("behind alias champion");
        assertThat(plan.decisions().get(2).reasons()).containsExactly("older than the 2 latest live versions (2 newer)");
        assertThat(store.registry().getVersion("m", 3).stage()).as("dry run changes nothing").isEqualTo(DEVELOPMENT);

        List<RetirementPlan.Outcome> outcomes = plan.apply();
        assertThat(outcomes).extracting(RetirementPlan.Outcome::status).containsExactly(RetirementPlan.Status.APPLIED);
        assertThat(store.registry().getVersion("m", 3).stage()).isEqualTo(RETIRED);
        assertThat(plan.apply()).extracting(RetirementPlan.Outcome::status).containsExactly(RetirementPlan.Status.ALREADY_DONE);

        RetirementPlan forced = lifecycle.planRetirement("m",
                RetirementPolicy.builder().keepLatest(2).includeProduction().includeAliased().build());
        assertThat(actions(forced)).containsEntry(1, RetirementAction.RETIRE).containsEntry(2, RetirementAction.RETIRE);
    }

    @Test
    void supersededMaxAgeAndNeverPromoted_overTime() {
        ModelVersion old = register("old");
        old.promote(STAGING).promote(PRODUCTION);
        ModelVersion idle = register("idle");
        clock.advance(Duration.ofDays(10));
        ModelVersion newer = register("new");
        newer.promote(STAGING).promote(PRODUCTION);
        RetirementPolicy policy = RetirementPolicy.builder().supersededFor(Duration.ofDays(7))
                .neverPromotedAfter(Duration.ofDays(30)).maxAge(Duration.ofDays(365)).includeProduction().build();
        assertThat(actions(lifecycle.planRetirement("m", policy))).containsEntry(1, RetirementAction.KEEP)
                .containsEntry(2, RetirementAction.KEEP);
        clock.advance(Duration.ofDays(8));
        RetirementPlan plan = lifecycle.planRetirement("m", policy);
        assertThat(actions(plan)).containsEntry(1, RetirementAction.DEPRECATE).containsEntry(2, RetirementAction.KEEP)
                .containsEntry(3, RetirementAction.KEEP);
        assertThat(plan.decisions().get(0).evidence()).containsEntry("supersededBy", "m/3");
        clock.advance(Duration.ofDays(20));
        assertThat(actions(lifecycle.planRetirement("m", policy))).containsEntry(2, RetirementAction.RETIRE);
        clock.advance(Duration.ofDays(400));
        RetirementPlan aged = lifecycle.planRetirement("m", policy);
        assertThat(actions(aged)).containsEntry(3, RetirementAction.RETIRE);
        assertThat(aged.decisions().get(2).reasons().get(0)).contains("more than the maximum age PT8760H");
        aged.apply();
        assertThat(idle.stage()).isEqualTo(RETIRED);
        assertThat(old.stage()).isEqualTo(RETIRED);
    }

    @Test
    void metricRule_outOfBoundsForKWindows() {
        ModelVersion v = register("v");
        v.promote(STAGING);
        Run monitor = lifecycle.experiment(MonitoringRuns.experimentName("m"))
                .startRun(r -> r.name("v1").tag("model", "m").tag("version", "1"));
        double[] accuracy = {0.9, 0.7, 0.75, 0.72};
        for (int w = 0; w < accuracy.length; w++) {
            monitor.logMetric("perf.accuracy", accuracy[w], w);
        }
        RetirementPolicy k3 = RetirementPolicy.builder().whenMetricBelow("perf.accuracy", 0.8, 3).build();
        RetirementPolicy k4 = RetirementPolicy.builder().whenMetricBelow("perf.accuracy", 0.8, 4).build();
        RetirementPlan plan = lifecycle.planRetirement("m", k3);
        assertThat(plan.decisions().get(0).action()).isEqualTo(RetirementAction.RETIRE);
        assertThat(plan.decisions().get(0).evidence()).containsEntry("monitor.perf.accuracy", "[0.7, 0.75, 0.72]");
        assertThat(lifecycle.planRetirement("m", k4).decisions().get(0).action()).isEqualTo(RetirementAction.KEEP);
    }

    /** Registers a version straight in the store whose bytes no run refers to (as after its run was purged). */
    private ModelVersion registerWithoutRun(String weights) {
        var info = store.artifacts().put(new java.io.ByteArrayInputStream(weights.getBytes(StandardCharsets.UTF_8)),
                "application/octet-stream");
        if (store.registry().findModel("m").isEmpty()) {
            store.registry().createModel("m", "", Map.of(), clock.instant(), java.util.List.of());
        }
        var v = store.registry().createVersion(new io.mllifecycle.store.NewModelVersion("m", null, info.digest(), "",
                Map.of(), Map.of(), null, clock.instant(), "ops"), created -> java.util.List.of());
        return lifecycle.models().version("m", v.version());
    }

    @Test
    void purge_afterRetention_freesUnusedBytes_keepsMetadataAndAuditVerifies() {
        ModelVersion v = registerWithoutRun("bytes-1");
        register("bytes-2");
        v.forceRetire("replaced");
        RetirementPolicy policy = RetirementPolicy.builder().purgeArtifactsAfter(Duration.ofDays(30)).build();
        assertThat(actions(lifecycle.planRetirement("m", policy))).containsEntry(1, RetirementAction.KEEP);
        clock.advance(Duration.ofDays(31));
        RetirementPlan plan = lifecycle.planRetirement("m", policy);
        assertThat(actions(plan)).containsEntry(1, RetirementAction.PURGE_ARTIFACT).containsEntry(2, RetirementAction.KEEP);
        String digest = v.record().artifactDigest();
        assertThat(plan.apply()).extracting(RetirementPlan.Outcome::status).containsExactly(RetirementPlan.Status.APPLIED);
        assertThat(store.artifacts().exists(digest)).isFalse();
        assertThat(v.record().stage()).isEqualTo(RETIRED);
        assertThat(v.modelCard().toMarkdown()).contains("m/1");
        assertThat(lifecycle.audit().verify().intact()).isTrue();
        assertThat(lifecycle.audit().eventsFor("m/1")).extracting(e -> e.action()).contains("artifact.purge");
        assertThat(plan.apply()).extracting(RetirementPlan.Outcome::status).containsExactly(RetirementPlan.Status.ALREADY_DONE);
    }

    @Test
    void purge_keepsBytesItsTrainingRunStillReferences() {
        ModelVersion v = register("bytes-1");
        register("bytes-2");
        v.forceRetire("replaced");
        clock.advance(Duration.ofDays(31));
        RetirementPlan plan = lifecycle.planRetirement("m",
                RetirementPolicy.builder().purgeArtifactsAfter(Duration.ofDays(30)).build());
        String digest = v.record().artifactDigest();
        assertThat(plan.apply()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(RetirementPlan.Status.SKIPPED);
            assertThat(o.detail()).contains(digest).contains("a run's artifacts");
        });
        assertThat(store.artifacts().exists(digest)).isTrue();
        assertThat(lifecycle.audit().eventsFor("m/1")).extracting(e -> e.action()).doesNotContain("artifact.purge");
    }

    @Test
    void purge_neverFreesBytesAnotherModelServes() {
        // the incident: fraud/1 retired and purged while fraud-shadow/1, in PRODUCTION behind @champion, used the bytes
        ModelVersion v = registerWithoutRun("shared-weights");
        String digest = v.record().artifactDigest();
        store.registry().createModel("fraud-shadow", "", Map.of(), clock.instant(), java.util.List.of());
        store.registry().createVersion(new io.mllifecycle.store.NewModelVersion("fraud-shadow", null, digest, "",
                Map.of(), Map.of(), null, clock.instant(), "ops"), created -> java.util.List.of());
        ModelVersion shadow = lifecycle.models().version("fraud-shadow", 1);
        shadow.promote(STAGING).promote(PRODUCTION);
        lifecycle.models().model("fraud-shadow").setAlias("champion", 1);
        v.forceRetire("replaced");
        clock.advance(Duration.ofDays(31));
        RetirementPlan plan = lifecycle.planRetirement("m",
                RetirementPolicy.builder().purgeArtifactsAfter(Duration.ofDays(30)).build());
        assertThat(plan.apply()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(RetirementPlan.Status.SKIPPED);
            assertThat(o.detail()).contains("fraud-shadow/1 (PRODUCTION behind @champion)");
        });
        assertThat(store.artifacts().exists(digest)).isTrue();
        assertThat(lifecycle.models().resolve("fraud-shadow@champion").artifactDigest()).isEqualTo(digest);
        try (var in = store.artifacts().open(digest)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("shared-weights");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void fromJson_reportsEveryErrorAtOnce() {
        RetirementPolicy p = RetirementPolicies.fromJson("""
                {"keepLatest": 3, "maxAge": "P180D", "metricRules": [{"metric": "perf.accuracy", "below": 0.8, "windows": 3}],
                 "purgeArtifactsAfter": "P365D", "includeAliased": true}""");
        assertThat(p.keepLatest()).isEqualTo(3);
        assertThat(p.maxAge()).isEqualTo(Duration.ofDays(180));
        assertThat(p.metricRules()).hasSize(1);
        assertThat(p.includeAliased()).isTrue();
        assertThatThrownBy(() -> RetirementPolicies.fromJson("""
                {"keepLatest": 0, "maxAge": "30 days", "colour": "red",
                 "metricRules": [{"metric": "", "windows": 0}], "includeProduction": "yes"}"""))
                .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
                        "unknown field 'colour' (allowed: [includeAliased, includeProduction, keepLatest, maxAge, metricRules, neverPromotedAfter, purgeArtifactsAfter, supersededFor])",
                        "keepLatest must be ≥ 1, but was 0",
                        "maxAge must be an ISO-8601 duration such as \"P30D\" or \"PT12H\", but was \"30 days\"",
                        "includeProduction must be true or false, but was \"yes\"",
                        "metricRules[0].metric must be a non-blank string, but was \"\"",
                        "metricRules[0] must have exactly one of 'below' or 'above'",
                        "metricRules[0].windows must be a whole number ≥ 1, but was 0"));
        assertThatThrownBy(() -> RetirementPolicies.fromJson("{ nope")).isInstanceOf(PolicyValidationException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void fromFile_readsPolicy_andNamesFileInErrors(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path good = dir.resolve("policy.json");
        java.nio.file.Files.writeString(good, "{\"keepLatest\": 2, \"neverPromotedAfter\": \"P30D\"}");
        RetirementPolicy p = RetirementPolicies.fromFile(good);
        assertThat(p.keepLatest()).isEqualTo(2);
        assertThat(p.neverPromotedAfter()).isEqualTo(Duration.ofDays(30));
        java.nio.file.Path bad = dir.resolve("bad.json");
        java.nio.file.Files.writeString(bad, "{\"keepLatest\": -1}");
        assertThatThrownBy(() -> RetirementPolicies.fromFile(bad)).isInstanceOf(PolicyValidationException.class)
                .hasMessageContaining("bad.json has 1 error").hasMessageContaining("keepLatest must be ≥ 1, but was -1");
        assertThatThrownBy(() -> RetirementPolicies.fromFile(dir.resolve("missing.json")))
                .isInstanceOf(io.mllifecycle.store.StoreException.class).hasMessageContaining("missing.json");
    }

    @Property(tries = 60)
    void plan_neverTouchesProtected_andApplyTwiceIsNoOp(@ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 3) Integer> stages,
                                                        @ForAll @IntRange(min = 1, max = 4) int keep,
                                                        @ForAll @IntRange(min = 0, max = 8) int aliasAt) {
        LifecycleStore s = TestStores.newStore();
        MutableClock c = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Lifecycle l = Lifecycle.builder().store(s).clock(c).actor("p").build();
        for (int i = 0; i < stages.size(); i++) {
            try (Run run = l.experiment("t").startRun()) {
                run.logArtifact("m.bin", ("w" + i).getBytes(StandardCharsets.UTF_8));
                ModelVersion v = l.models().register("m", run, "m.bin");
                Stage[] path = {STAGING, PRODUCTION, DEPRECATED};
                for (int k = 0; k < stages.get(i); k++) {
                    v.promote(path[k]);
                }
            }
            c.advance(Duration.ofDays(1));
        }
        if (aliasAt < stages.size()) {
            l.models().model("m").setAlias("champion", aliasAt + 1);
        }
        RetirementPolicy policy = RetirementPolicy.builder().keepLatest(keep).maxAge(Duration.ofDays(2))
                .supersededFor(Duration.ZERO).build();
        RetirementPlan plan = l.planRetirement("m", policy);
        for (RetirementDecision d : plan.changes()) {
            assertThat(d.stage()).isNotEqualTo(PRODUCTION);
            assertThat(aliasAt + 1).isNotEqualTo(d.version());
        }
        plan.apply();
        var after = s.registry().listVersions("m");
        assertThat(plan.apply()).allMatch(o -> o.status() != RetirementPlan.Status.APPLIED);
        assertThat(s.registry().listVersions("m")).isEqualTo(after);
        RetirementPlan again = l.planRetirement("m", policy);
        again.apply();
        assertThat(s.registry().listVersions("m")).isEqualTo(after);
        assertThat(l.audit().verify().intact()).isTrue();
    }
}
