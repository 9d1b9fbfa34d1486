package io.mllifecycle.cli;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.tracking.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs target/mllc.jar as its own process, as a CI job would. */
class MllcJarIT {
    @TempDir
    Path dir;

    record Exit(int code, String out, String err) {
    }

    Exit java(String... args) throws IOException, InterruptedException {
        Path jar = Path.of("target", "mllc.jar");
        assertThat(jar).exists();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(javaBin, "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Exit(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void ciPromotionStep_refusedThenAccepted() throws Exception {
        String store = "file:" + dir.resolve("mlruns");
        try (Lifecycle lc = Lifecycle.open(store)) {
            for (double auc : new double[]{0.8, 0.9}) {
                try (Run run = lc.experiment("e").startRun()) {
                    run.logMetric("auc", auc, 1);
                    run.logArtifact("m.bin", ("m" + auc).getBytes(StandardCharsets.UTF_8));
                    lc.models().register("churn", run.id(), "m.bin", s -> { });
                }
            }
        }
        Exit refused = java("--store", store, "promote", "churn/1", "--to", "STAGING", "--gate", "metrics.auc >= 0.85");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.out()).contains("FAIL");
        Exit ok = java("--store", store, "promote", "churn/2", "--to", "STAGING", "--gate", "metrics.auc >= 0.85");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(java("--store", store, "audit", "verify").code()).isZero();
        assertThat(java("--store", store, "promote", "churn/2", "--to", "NOWHERE").code()).isEqualTo(2);
    }
}
