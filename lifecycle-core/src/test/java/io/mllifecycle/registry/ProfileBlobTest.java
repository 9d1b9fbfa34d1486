package io.mllifecycle.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.monitoring.Monitor;
import io.mllifecycle.monitoring.ProductionBatch;
import io.mllifecycle.monitoring.ReferenceProfiles;
import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.ProfileRef;
import io.mllifecycle.store.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: reference profiles are stored once as blobs, versions carry a reference, core reads them on demand
 * (every store: core's test runs), and a profile a live version uses is never freed.
 */
class ProfileBlobTest {
    private final RegistryFixture f = new RegistryFixture();
    private final Random random = new Random(5);

    private Map<String, ReferenceProfile> profiles(double shift) {
        double[] age = new double[3_000];
        String[] plan = new String[3_000];
        for (int i = 0; i < age.length; i++) {
            age[i] = 40 + shift + 10 * random.nextGaussian();
            plan[i] = random.nextDouble() < 0.3 ? "pro" : "basic";
        }
        return ReferenceProfiles.fit(Map.of("age", age, "plan", plan));
    }

    private ModelVersion register(String weights, Map<String, ReferenceProfile> p) {
        return f.lifecycle.models().register("churn", f.run(Map.of("auc", 0.9), weights), "model.bin",
                s -> s.referenceProfiles(p));
    }

    private List<String> blobs() {
        List<String> out = new ArrayList<>();
        f.store.artifacts().forEachBlob(b -> out.add(b.digest()));
        return out;
    }

    @Test
    void twoVersionsWithTheSameProfile_storeItOnce_andReadItBackOnDemand() {
        Map<String, ReferenceProfile> p = profiles(0);
        ModelVersion v1 = register("w1", p);
        ModelVersion v2 = register("w2", p);
        ProfileRef ref = v1.record().profile();
        assertThat(ref.digest()).isEqualTo(ProfileRef.of(ReferenceProfiles.encode(p)).digest());
        assertThat(ref.mediaType()).isEqualTo(ReferenceProfiles.MEDIA_TYPE);
        assertThat(v2.record().profile()).isEqualTo(ref);
        assertThat(blobs()).filteredOn(ref.digest()::equals).hasSize(1);
        assertThat(f.store.artifacts().info(ref.digest())).map(ArtifactInfo::size).contains(ref.size());
        assertThat(v1.referenceProfiles()).hasValueSatisfying(read -> {
            assertThat(read.keySet()).containsExactlyInAnyOrder("age", "plan");
            assertThat(read.get("age").count()).isEqualTo(3_000);
        });
        assertThat(f.register("plain", Map.of("auc", 0.8)).referenceProfiles()).isEmpty();
    }

    @Test
    void stageChangesAndUpdates_keepTheReference_andReplacingTheProfileStoresTheNewOne() {
        ModelVersion v = register("w1", profiles(0));
        ProfileRef ref = v.record().profile();
        v.promote(Stage.STAGING);
        v.update(Map.of("team", "risk"), Map.of(), "described", null);
        assertThat(v.record().profile()).isEqualTo(ref);
        Map<String, ReferenceProfile> other = profiles(5);
        v.update(Map.of(), Map.of(), null, ReferenceProfiles.encode(other));
        ProfileRef replaced = v.record().profile();
        assertThat(replaced).isNotEqualTo(ref);
        assertThat(f.store.artifacts().exists(replaced.digest())).isTrue();
        assertThat(f.store.registry().referencedDigests()).contains(replaced.digest()).doesNotContain(ref.digest());
        assertThat(f.store.registry().auditEvents(1, 100)).last().satisfies(e ->
                assertThat(e.details()).containsEntry("profileDigest", replaced.digest()));
    }

    @Test
    void garbageCollection_neverFreesAProfileThatAVersionUses_butFreesOneNoLongerReferenced() {
        ModelVersion v = register("w1", profiles(0));
        ProfileRef first = v.record().profile();
        assertThat(f.lifecycle.gc().unreferenced()).extracting(ArtifactInfo::digest).doesNotContain(first.digest());
        v.update(Map.of(), Map.of(), null, ReferenceProfiles.encode(profiles(3)));
        ProfileRef second = v.record().profile();
        List<ArtifactInfo> freed = f.lifecycle.gc().apply();
        assertThat(freed).extracting(ArtifactInfo::digest).contains(first.digest()).doesNotContain(second.digest());
        assertThat(f.store.artifacts().exists(second.digest())).isTrue();
        assertThat(v.referenceProfiles()).isPresent();
    }

    @Test
    void monitorsAndDriftGates_readTheProfileThroughTheArtifactStore() {
        Map<String, ReferenceProfile> p = profiles(0);
        ModelVersion v = register("w1", p);
        double[] age = new double[1_000];
        String[] plan = new String[1_000];
        Instant[] t = new Instant[1_000];
        for (int i = 0; i < age.length; i++) {
            age[i] = 40 + 10 * random.nextGaussian();
            plan[i] = random.nextDouble() < 0.3 ? "pro" : "basic";
            t[i] = RegistryFixture.T0.plusSeconds(i);
        }
        v.promote(Stage.STAGING, Gates.drift(Map.of("age", age, "plan", plan)));
        assertThat(v.stage()).isEqualTo(Stage.STAGING);
        try (Monitor monitor = f.lifecycle.monitor(v).windows(io.mllifecycle.drift.Chunker.byCount(1_000)).start()) {
            monitor.observe(ProductionBatch.builder(t).numeric("age", age).categorical("plan", plan).build());
            assertThat(monitor.results()).singleElement().satisfies(w -> assertThat(w.rows()).isEqualTo(1_000));
        }
    }
}
