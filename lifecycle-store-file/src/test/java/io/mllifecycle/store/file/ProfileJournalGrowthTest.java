package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.ProfileData;
import io.mllifecycle.store.ProfileRef;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.spi.Digests;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11: a version's reference profile is stored once; its stage changes do not rewrite it. */
class ProfileJournalGrowthTest {
    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");
    @TempDir
    Path dir;

    @Test
    void tenStageChanges_ofAVersionWithA1point6MbProfile_growTheJournalByKilobytes() throws Exception {
        byte[] profile = new byte[1_600_000];
        new Random(11).nextBytes(profile); // incompressible, as a real bundle of sorted doubles nearly is
        try (FileStore store = FileStore.open(dir)) {
            ArtifactInfo blob = store.artifacts().put(new ByteArrayInputStream(profile), "application/x-profile");
            ProfileRef ref = ProfileRef.of(new ProfileData("application/x-profile", profile));
            store.registry().createModel("churn", "", Map.of(), T, List.of());
            store.registry().createVersion(new NewModelVersion("churn", null, Digests.of(new byte[] {1}), "",
                    Map.of(), Map.of(), ref, T, "ci"), v -> List.of());
            long before = Files.size(dir.resolve("journal.log"));
            Stage[] cycle = {Stage.STAGING, Stage.PRODUCTION, Stage.STAGING};
            Stage at = Stage.DEVELOPMENT;
            for (int i = 0; i < 10; i++) {
                Stage to = i == 0 ? Stage.STAGING : cycle[1 + (i - 1) % 2];
                store.registry().transitionStage("churn", 1, at, new StageChange(at, to, T.plusSeconds(i), "ci", "move " + i),
                        null, List.of(new AuditEntry(T.plusSeconds(i), "ci", "model.version.transition", "churn/1",
                                Map.of("to", to.name()))));
                at = to;
            }
            long growth = Files.size(dir.resolve("journal.log")) - before;
            assertThat(blob.size()).isEqualTo(profile.length);
            assertThat(before).as("journal bytes before the stage changes").isLessThan(16_000);
            assertThat(growth).as("journal growth over ten stage changes").isLessThan(64_000);
            assertThat(store.registry().getVersion("churn", 1).profile()).isEqualTo(ref);
            assertThat(store.registry().getVersion("churn", 1).stageHistory()).hasSize(11);
        }
    }
}
