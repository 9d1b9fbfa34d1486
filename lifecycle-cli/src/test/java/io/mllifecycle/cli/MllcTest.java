package io.mllifecycle.cli;

import io.mllifecycle.Lifecycle;
import io.mllifecycle.tracking.Run;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MllcTest {
    @TempDir
    Path dir;
    String store;
    final List<String> runIds = new ArrayList<>();

    record Result(int code, String out, String err) {
    }

    Result mllc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--store", store));
        all.addAll(List.of(args));
        int code = Mllc.run(new PrintWriter(out), new PrintWriter(err), all.toArray(new String[0]));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void seed() {
        store = "file:" + dir.resolve("mlruns");
        try (Lifecycle lc = Lifecycle.open(store)) {
            double[] aucs = {0.70, 0.90, 0.80};
            for (int i = 0; i < aucs.length; i++) {
                try (Run run = lc.experiment("churn-exp").startRun()) {
                    run.logParam("depth", i % 2 == 0 ? "6" : "8");
                    run.logMetric("auc", aucs[i], 1);
                    run.logArtifact("m.bin", ("model" + i).getBytes(StandardCharsets.UTF_8));
                    lc.models().register("churn", run.id(), "m.bin", s -> { });
                    runIds.add(run.id());
                }
            }
        }
    }

    @Test
    void runsLs_filtersByParamAndMetric_andSortsByMetric() {
        Result all = mllc("runs", "ls", "-e", "churn-exp", "--sort", "metrics.auc DESC");
        assertThat(all.code()).isZero();
        List<String> lines = all.out().lines().toList();
        assertThat(lines.get(0)).startsWith("run").contains("metrics.auc");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).startsWith(runIds.get(1)).contains("0.9");
        assertThat(lines.get(3)).startsWith(runIds.get(0)).contains("0.7");

        Result filtered = mllc("runs", "ls", "-e", "churn-exp", "--filter", "params.depth = '6' and metrics.auc >= 0.75");
        assertThat(filtered.code()).isZero();
        assertThat(filtered.out().lines().skip(1).toList()).singleElement().asString().startsWith(runIds.get(2));
    }

    @Test
    void runsLs_json_andBadFilterIsUsageError() {
        Result json = mllc("runs", "ls", "-e", "churn-exp", "--json", "--filter", "metrics.auc > 0.85");
        assertThat(json.code()).isZero();
        assertThat(json.out()).contains("\"run\" : \"" + runIds.get(1) + "\"").contains("\"metrics.auc\" : \"0.9\"");
        assertThat(json.out()).doesNotContain(runIds.get(0));

        Result bad = mllc("runs", "ls", "-e", "churn-exp", "--filter", "metrics.auc >>> zero");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("mllc: ").contains(">");
        Result noExp = mllc("runs", "ls", "-e", "no-such-exp");
        assertThat(noExp.code()).isEqualTo(1);
        assertThat(noExp.err()).contains("no-such-exp");
        assertThat(bad.out()).isEmpty();
    }

    @Test
    void runsShowAndCompare() {
        Result show = mllc("runs", "show", runIds.get(0));
        assertThat(show.code()).isZero();
        assertThat(show.out()).contains("params.depth").containsPattern("metrics.auc +0.7");
        Result cmp = mllc("runs", "compare", runIds.get(0), runIds.get(1));
        assertThat(cmp.code()).isZero();
        assertThat(cmp.out().lines().filter(l -> l.startsWith("metrics.auc")).findFirst().orElseThrow())
                .contains("0.7").contains("0.9");
    }

    @Test
    void modelsLsAndShow() {
        Result ls = mllc("models", "ls");
        assertThat(ls.code()).isZero();
        assertThat(ls.out()).containsPattern("churn\\s+3");
        Result show = mllc("models", "show", "churn");
        assertThat(show.out().lines().skip(1).toList()).hasSize(3).allSatisfy(l -> assertThat(l).contains("DEVELOPMENT"));
    }

    @Test
    void promote_refusedByGate_exitsOneWithReport_thenPassingGatePromotes() {
        Result refused = mllc("promote", "churn/1", "--to", "STAGING", "--gate", "metrics.auc >= 0.85");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.out()).contains("FAIL").contains("0.7");
        assertThat(refused.err()).contains("refused");
        assertThat(mllc("models", "show", "churn").out().lines().skip(1).findFirst().orElseThrow()).contains("DEVELOPMENT");

        Result ok = mllc("promote", "churn/2", "--to", "STAGING", "--gate", "metrics.auc >= 0.85");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("churn/2 -> STAGING");
    }

    @Test
    void promote_toUnknownStage_isUsageErrorNamingValue() {
        Result r = mllc("promote", "churn/1", "--to", "NOWHERE");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("NOWHERE").contains("STAGING");
        Result badRef = mllc("promote", "churn", "--to", "STAGING");
        assertThat(badRef.code()).isEqualTo(2);
        assertThat(badRef.err()).contains("'churn'").contains("MODEL/VERSION");
    }

    @Test
    void aliasSetAndMove_compareAndSet() {
        assertThat(mllc("alias", "set", "churn/1", "champion").code()).isZero();
        assertThat(mllc("alias", "move", "churn/2", "champion", "--from", "1").code()).isZero();
        assertThat(mllc("models", "ls").out()).contains("champion=2");
        Result stale = mllc("alias", "move", "churn/3", "champion", "--from", "1");
        assertThat(stale.code()).isEqualTo(1);
        assertThat(stale.err()).contains("champion");
    }

    @Test
    void auditVerify_exitZeroWhenIntact_oneOnMismatchedCheckpoint_twoOnMalformedOne() {
        Result ok = mllc("audit", "verify");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("intact");
        Result badCheckpoint = mllc("audit", "verify", "--checkpoint", "not-a-checkpoint");
        assertThat(badCheckpoint.code()).isEqualTo(2);
        assertThat(badCheckpoint.err()).contains("not-a-checkpoint");

        String real;
        try (Lifecycle lc = Lifecycle.open(store)) {
            real = lc.audit().checkpoint().toString();
        }
        assertThat(mllc("audit", "verify", "--checkpoint", real).code()).isZero();
        String seq = real.substring(0, real.indexOf(':'));
        Result broken = mllc("audit", "verify", "--checkpoint", seq + ":sha256:" + "0".repeat(64));
        assertThat(broken.code()).isEqualTo(1);
        assertThat(broken.err()).contains("does not verify");
    }

    @Test
    void retire_planAndApply_andPolicyWithFiveErrorsReportsAll() throws IOException {
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, "{\"keepLatest\": 1, \"includeAliased\": true}");
        Result plan = mllc("retire", "plan", "churn", "--policy", policy.toString());
        assertThat(plan.code()).isZero();
        assertThat(plan.out()).contains("churn/1").contains("churn/3");
        Result apply = mllc("retire", "apply", "churn", "--policy", policy.toString());
        assertThat(apply.code()).isZero();
        assertThat(apply.out()).contains("APPLIED");

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, """
                {"keepLatest": 0, "maxAge": "30 days", "colour": "red", "includeProduction": "yes",
                 "metricRules": [{"metric": "", "below": 0.5, "windows": 1}]}""");
        Result r = mllc("retire", "plan", "churn", "--policy", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("5 errors").contains("colour").contains("keepLatest").contains("30 days")
                .contains("yes").contains("metricRules[0].metric");
    }

    @Test
    void gcDryRun_listsNothingWhileEveryArtifactIsReferenced() {
        Result r = mllc("gc", "--dry-run", "--json");
        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).isEqualTo("[ ]");
    }

    @Test
    void reportCard_writesHtml() throws IOException {
        Path out = dir.resolve("card.html");
        Result r = mllc("report", "card", "churn/2", "--out", out.toString());
        assertThat(r.code()).isZero();
        assertThat(Files.readString(out)).contains("<html").contains("churn");
        Path cmp = dir.resolve("cmp.html");
        assertThat(mllc("report", "compare", runIds.get(0), runIds.get(1), "--out", cmp.toString()).code()).isZero();
        assertThat(Files.readString(cmp)).contains(runIds.get(1));
    }

    @Test
    void unreachableStore_exitsOneNamingUri() {
        store = "jdbc:postgresql://127.0.0.1:1/nothing";
        Result r = mllc("models", "ls");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("jdbc:postgresql://127.0.0.1:1/nothing");
        store = "nosuchscheme:x";
        assertThat(mllc("models", "ls").err()).contains("nosuchscheme:x");
    }

    @Test
    void helpEverywhere_usageErrors_andCompletionScript() {
        for (String[] cmd : List.of(new String[]{"--help"}, new String[]{"runs", "ls", "--help"},
                new String[]{"promote", "--help"}, new String[]{"retire", "apply", "--help"})) {
            Result r = mllc(cmd);
            assertThat(r.code()).as(String.join(" ", cmd)).isZero();
            assertThat(r.out()).contains("Usage:");
        }
        Result unknown = mllc("frobnicate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("frobnicate");
        Result noSub = mllc("runs");
        assertThat(noSub.code()).isEqualTo(2);
        Result completion = mllc("generate-completion");
        assertThat(completion.code()).isZero();
        assertThat(completion.out()).contains("complete").contains("promote");
    }

    @Test
    void tableCutsWideCells() {
        assertThat(Table.cut("x".repeat(100), 10)).hasSize(10).endsWith("…");
        assertThat(Table.cut("short", 10)).isEqualTo("short");
        assertThat(Map.of()).isEmpty();
    }
}
