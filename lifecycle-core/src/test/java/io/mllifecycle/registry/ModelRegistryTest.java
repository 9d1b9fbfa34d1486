package io.mllifecycle.registry;

import static io.mllifecycle.store.Stage.DEPRECATED;
import static io.mllifecycle.store.Stage.DEVELOPMENT;
import static io.mllifecycle.store.Stage.PRODUCTION;
import static io.mllifecycle.store.Stage.RETIRED;
import static io.mllifecycle.store.Stage.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.gate.GateFailedException;
import io.mllifecycle.gate.GatePolicy;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.testing.TestStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {
    private final RegistryFixture fx = new RegistryFixture();
    private final ModelRegistry models = fx.lifecycle.models();

    @Nested
    @DisplayName("versions are registered from run artifacts")
    class Registering {
        @Test
        void register_createsModelAndNumbersGapless() {
            ModelVersion v1 = fx.register("churn", Map.of("auc", 0.8));
            ModelVersion v2 = fx.register("churn", Map.of("auc", 0.9));
            assertThat(List.of(v1.version(), v2.version())).containsExactly(1, 2);
            assertThat(v1.stage()).isEqualTo(DEVELOPMENT);
            assertThat(v1.record().artifactDigest()).startsWith("sha256:");
            assertThat(fx.lifecycle.audit().eventsFor("churn/1")).extracting(e -> e.action())
                    .contains("model.version.register");
        }

        @Test
        void register_missingArtifact_namesPathAndWhatExists() {
            String run = fx.run(Map.of("auc", 0.8), "w");
            assertThatThrownBy(() -> models.register("churn", run, "nope.bin", s -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope.bin'")
                    .hasMessageContaining("[model.bin]");
            assertThatThrownBy(() -> models.register("a@b", run, "model.bin", s -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'@'");
        }

        @Test
        void register_cardFieldsAndTags_kept() {
            String run = fx.run(Map.of("auc", 0.8), "w");
            ModelVersion v = models.register("churn", run, "model.bin", s -> s.description("first")
                    .tag("team", "risk").card(VersionSpec.INTENDED_USE, "churn scoring"));
            assertThat(v.record().card()).containsEntry("intended_use", "churn scoring");
            assertThat(v.record().tags()).containsEntry("team", "risk");
        }
    }

    @Nested
    @DisplayName("stages follow the stage machine")
    class Stages {
        @Test
        void promote_alongAllowedPath_keepsHistory() {
            ModelVersion v = fx.register("churn", Map.of("auc", 0.8));
            v.promote(STAGING).promote(PRODUCTION).promote(DEPRECATED).promote(RETIRED);
            assertThat(v.record().stageHistory()).extracting(StageChange::to)
                    .containsExactly(DEVELOPMENT, STAGING, PRODUCTION, DEPRECATED, RETIRED);
            assertThatThrownBy(() -> v.promote(STAGING)).isInstanceOf(InvalidTransitionException.class)
                    .hasMessageContaining("RETIRED");
        }

        @Test
        void promote_skippingStaging_refusedNamingBothStagesAndAllowed() {
            ModelVersion v = fx.register("churn", Map.of("auc", 0.8));
            assertThatThrownBy(() -> v.promote(PRODUCTION)).isInstanceOf(InvalidTransitionException.class)
                    .hasMessage("churn/1 cannot move from DEVELOPMENT to PRODUCTION; allowed from DEVELOPMENT: [STAGING]");
            assertThatThrownBy(() -> v.promote(RETIRED)).isInstanceOf(InvalidTransitionException.class)
                    .hasMessageContaining("forceRetire");
            assertThat(v.stage()).isEqualTo(DEVELOPMENT);
        }

        @Test
        void rollbackAndReject_allowed() {
            ModelVersion v = fx.register("churn", Map.of("auc", 0.8));
            v.promote(STAGING).promote(DEVELOPMENT).promote(STAGING).promote(PRODUCTION).promote(STAGING);
            assertThat(v.stage()).isEqualTo(STAGING);
        }

        @Test
        void forceRetire_fromAnyStage_auditedAsForced() {
            ModelVersion v = fx.register("churn", Map.of("auc", 0.8));
            v.forceRetire("security incident");
            assertThat(v.stage()).isEqualTo(RETIRED);
            assertThat(fx.lifecycle.audit().eventsFor("churn/1").get(fx.lifecycle.audit().eventsFor("churn/1").size() - 1)
                    .details()).containsEntry("forced", "true").containsEntry("reason", "forced: security incident");
        }
    }

    @Nested
    @DisplayName("gates decide with stored evidence")
    class Gating {
        @Test
        void promote_failingGate_throwsWithReportAndChangesNothingElse() {
            ModelVersion v = fx.register("churn", Map.of("auc", 0.83));
            GateFailedException e = org.junit.jupiter.api.Assertions.assertThrows(GateFailedException.class,
                    () -> v.promote(STAGING, Gates.metric("auc").atLeast(0.85)));
            assertThat(e).hasMessage("churn/1 may not move to STAGING: metric 'auc' was 0.83, fails the bound ≥ 0.85");
            assertThat(e.report().passed()).isFalse();
            ModelVersionRecord r = v.record();
            assertThat(r.stage()).isEqualTo(DEVELOPMENT);
            assertThat(r.gateReports()).hasSize(1);
            assertThat(r.gateReports().get(0).results().get(0).observed()).isEqualTo("0.83");
            assertThat(fx.lifecycle.audit().eventsFor("churn/1")).extracting(ev -> ev.action())
                    .containsExactly("model.version.register", "gate.evaluate");
        }

        @Test
        void promote_passingGates_storesReportAndMoves() {
            ModelVersion champion = fx.register("churn", Map.of("auc", 0.86));
            models.model("churn").setAlias("champion", 1);
            ModelVersion v = fx.register("churn", Map.of("auc", 0.88));
            v.promote(STAGING, Gates.metric("auc").atLeast(0.85), Gates.noRegressionVs("champion", "auc", 0.01));
            assertThat(v.stage()).isEqualTo(STAGING);
            GateReport report = v.record().gateReports().get(0);
            assertThat(report.passed()).isTrue();
            assertThat(report.results()).hasSize(2);
            assertThat(report.results().get(1).message()).contains("0.88").contains("churn/1").contains("@champion");
            assertThat(champion.stage()).isEqualTo(DEVELOPMENT);
        }

        @Test
        void policy_gatesCannotBeSkipped_overrideIsAudited() {
            RegistryFixture strict = new RegistryFixture(TestStores.newStore(),
                    GatePolicy.builder().require(STAGING, Gates.requireCard(VersionSpec.INTENDED_USE)).build(),
                    Duration.ofSeconds(5));
            ModelVersion v = strict.register("churn", Map.of("auc", 0.9));
            assertThatThrownBy(() -> v.promote(STAGING)).isInstanceOf(GateFailedException.class)
                    .hasMessageContaining("model card lacks [intended_use]");
            v.promoteOverridingGates(STAGING, "hotfix for incident 42");
            assertThat(v.stage()).isEqualTo(STAGING);
            assertThat(v.record().gateReports()).extracting(GateReport::overridden).containsExactly(false, true);
            assertThat(strict.lifecycle.audit().eventsFor("churn/1")).extracting(e -> e.action())
                    .contains("gate.override");
            v.update(Map.of(), Map.of(VersionSpec.INTENDED_USE, "churn"), null, null);
            v.promote(PRODUCTION);
            assertThat(v.stage()).isEqualTo(PRODUCTION);
        }
    }

    @Nested
    @DisplayName("aliases move compare-and-set and resolve fast")
    class Aliases {
        @Test
        void moveAlias_staleExpectation_conflict() {
            fx.register("churn", Map.of("auc", 0.8));
            fx.register("churn", Map.of("auc", 0.9));
            RegisteredModel m = models.model("churn");
            m.moveAlias("champion", null, 1);
            assertThatThrownBy(() -> m.moveAlias("champion", null, 2)).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("points to version 1, not no version");
            m.moveAlias("champion", 1, 2);
            assertThat(m.aliasHistory()).extracting(a -> a.toVersion()).containsExactly(1, 2);
            assertThatThrownBy(() -> m.setAlias("champion", 9)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> m.setAlias("production", 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("stage name");
        }

        @Test
        void resolve_allForms_andCacheInvalidatedOnMove() {
            fx.register("churn", Map.of("auc", 0.8)).promote(STAGING).promote(PRODUCTION);
            fx.register("churn", Map.of("auc", 0.9));
            models.model("churn").setAlias("champion", 1);
            assertThat(models.resolve("churn@champion").version()).isEqualTo(1);
            assertThat(models.resolve("churn/2").version()).isEqualTo(2);
            assertThat(models.resolve("churn@production").version()).isEqualTo(1);
            models.model("churn").setAlias("champion", 2);
            assertThat(models.resolve("churn@champion").version()).isEqualTo(2);
            assertThatThrownBy(() -> models.resolve("churn@nope")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("no alias 'nope'");
            assertThatThrownBy(() -> models.resolve("churn@staging")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("no version in STAGING");
            assertThatThrownBy(() -> models.resolve("churn")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'name/7', 'name@alias'");
            assertThatThrownBy(() -> models.resolve("churn/0")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void resolve_otherProcessMove_seenAfterTtl() {
            LifecycleStore shared = TestStores.newStore();
            RegistryFixture writer = new RegistryFixture(shared, GatePolicy.none(), Duration.ZERO);
            writer.register("churn", Map.of("auc", 0.8));
            writer.register("churn", Map.of("auc", 0.9));
            writer.lifecycle.models().model("churn").setAlias("champion", 1);
            // another store instance over the same data stands for another process
            LifecycleStore otherProcess = LifecycleStore.of(shared.tracking(), shared.registry(), shared.artifacts(),
                    () -> { });
            Lifecycle cachedReader = new RegistryFixture(otherProcess, GatePolicy.none(), Duration.ofHours(1)).lifecycle;
            Lifecycle freshReader = new RegistryFixture(LifecycleStore.of(shared.tracking(), shared.registry(),
                    shared.artifacts(), () -> { }), GatePolicy.none(), Duration.ZERO).lifecycle;
            assertThat(cachedReader.models().resolve("churn@champion").version()).isEqualTo(1);
            writer.lifecycle.models().model("churn").setAlias("champion", 2);
            assertThat(cachedReader.models().resolve("churn@champion").version()).isEqualTo(1);
            assertThat(cachedReader.models().resolveUncached("churn@champion").version()).isEqualTo(2);
            assertThat(freshReader.models().resolve("churn@champion").version()).isEqualTo(2);
        }

        @Test
        @DisplayName("two lifecycles on one store instance share the cache and see each other's moves at once")
        void resolve_sameStoreInstance_sharesCache() {
            LifecycleStore shared = TestStores.newStore();
            RegistryFixture writer = new RegistryFixture(shared, GatePolicy.none(), Duration.ofHours(1));
            writer.register("churn", Map.of("auc", 0.8));
            writer.register("churn", Map.of("auc", 0.9));
            writer.lifecycle.models().model("churn").setAlias("champion", 1);
            Lifecycle reader = new RegistryFixture(shared, GatePolicy.none(), Duration.ofHours(1)).lifecycle;
            assertThat(reader.models().resolve("churn@champion").version()).isEqualTo(1);
            writer.lifecycle.models().model("churn").setAlias("champion", 2);
            assertThat(reader.models().resolve("churn@champion").version()).isEqualTo(2);
            long hits = reader.models().cacheFigures().hits();
            assertThat(reader.models().resolve("churn@champion").version()).isEqualTo(2);
            assertThat(reader.models().cacheFigures().hits()).isEqualTo(hits + 1);
        }

        @Test
        @DisplayName("a load that raced a change is never served afterwards (generation check)")
        void resolve_loadRacingChange_notCached() {
            LifecycleStore shared = TestStores.newStore();
            RegistryFixture f = new RegistryFixture(shared, GatePolicy.none(), Duration.ofHours(1));
            f.register("churn", Map.of("auc", 0.8));
            f.register("churn", Map.of("auc", 0.9));
            f.lifecycle.models().model("churn").setAlias("champion", 1);
            var cache = io.mllifecycle.internal.ResolveCache.of(shared);
            // a reader loads the old answer while a writer moves the alias (and invalidates) before the load returns
            var stale = cache.get("churn@champion", "churn", Long.MAX_VALUE, () -> {
                var old = shared.registry().getVersion("churn", 1);
                f.lifecycle.models().model("churn").setAlias("champion", 2);
                return old;
            });
            assertThat(stale.version()).isEqualTo(1);
            assertThat(f.lifecycle.models().resolve("churn@champion").version()).isEqualTo(2);
        }
    }

    @Test
    void listener_thatThrows_loggedAndRegistryKeepsWorking() {
        List<RegistryEvent> seen = new ArrayList<>();
        models.addListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        models.addListener(seen::add);
        ModelVersion v = fx.register("churn", Map.of("auc", 0.8));
        v.promote(STAGING);
        assertThat(v.stage()).isEqualTo(STAGING);
        assertThat(seen).extracting(RegistryEvent::type).containsExactly(RegistryEvent.Type.VERSION_REGISTERED,
                RegistryEvent.Type.STAGE_CHANGED);
    }

    @Test
    void stageChanged_saysWhetherAGateReportWasStoredWithIt() {
        List<RegistryEvent> seen = new ArrayList<>();
        models.addListener(e -> {
            if (e.type() == RegistryEvent.Type.STAGE_CHANGED) {
                seen.add(e);
            }
        });
        ModelVersion gated = fx.register("churn", Map.of("auc", 0.8));
        gated.promote(STAGING, io.mllifecycle.gate.Gates.metric("auc").atLeast(0.5));
        ModelVersion plain = fx.register("churn", Map.of("auc", 0.8));
        plain.promote(STAGING);
        assertThat(seen).extracting(e -> e.details().get("gated")).containsExactly("true", "false");
        assertThat(gated.record().gateReports()).hasSize(1);
    }
}
