package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {

    static double[] normal(long seed, int n, double shift) {
        Random random = new Random(seed);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextGaussian() + shift;
        }
        return out;
    }

    /** Two categories: reference 1000/1000, current (1000+k)/(1000-k). */
    static String[][] twoCategories(int k) {
        String[] ref = new String[2000];
        String[] cur = new String[2000];
        for (int i = 0; i < 2000; i++) {
            ref[i] = i < 1000 ? "a" : "b";
            cur[i] = i < 1000 + k ? "a" : "b";
        }
        return new String[][] {ref, cur};
    }

    @Test
    void compare_shiftedColumnDriftsAndNamesStatisticAndBin() {
        Table ref = Table.builder().numeric("age", normal(1, 2000, 0)).numeric("income", normal(2, 2000, 0)).build();
        Table cur = Table.builder().numeric("age", normal(3, 2000, 0.8)).numeric("income", normal(4, 2000, 0)).build();

        DriftReport report = DriftDetector.builder().build().compare(ref, cur);

        ColumnReport age = report.column("age");
        assertThat(age.verdict()).isEqualTo(Verdict.DRIFT);
        assertThat(age.decidingTest()).isEqualTo(DriftTest.KS);
        assertThat(age.topBin()).isEqualTo(age.psi().topBin().label()).startsWith("(");
        assertThat(age.reason()).contains("KS", "PSI", "most change in bin " + age.topBin());
        assertThat(report.column("income").verdict()).isEqualTo(Verdict.NO_DRIFT);
        assertThat(report.verdict()).isEqualTo(Verdict.DRIFT);
        assertThat(report.summary()).contains("DRIFT: 1 of 2 columns drifted", "age", "income");
    }

    @Test
    void compare_categoricalShiftNamesCategory() {
        String[] ref = new String[300];
        String[] cur = new String[300];
        for (int i = 0; i < 300; i++) {
            ref[i] = i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "blue";
            int k = i % 6;
            cur[i] = k < 2 ? "red" : k < 4 ? "green" : k == 4 ? "blue" : "violet";
        }
        DriftReport report = DriftDetector.builder().build()
                .compare(Map.of("colour", ref), Map.of("colour", cur));

        ColumnReport colour = report.column("colour");
        assertThat(colour.verdict()).isEqualTo(Verdict.DRIFT);
        assertThat(colour.decidingTest()).isEqualTo(DriftTest.CHI_SQUARE);
        assertThat(colour.topBin()).isEqualTo("UNSEEN");
    }

    @Test
    void compare_minSampleGuard() {
        DriftReport report = DriftDetector.builder().build()
                .compare(Map.of("x", normal(1, 100, 0)), Map.of("x", normal(2, 29, 5)));
        assertThat(report.column("x").verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(report.column("x").reason()).contains("29 non-missing current values, fewer than the minimum 30");
        assertThat(report.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);

        DriftReport lower = DriftDetector.builder().minSamples(20).build()
                .compare(Map.of("x", normal(1, 100, 0)), Map.of("x", normal(2, 29, 5)));
        assertThat(lower.column("x").verdict()).isEqualTo(Verdict.DRIFT);
    }

    /** Raw chi-square p-values ≈ 0.00099, 0.0136, 0.0429, 0.046. */
    static Map<String, String[][]> fourColumns() {
        Map<String, String[][]> columns = new LinkedHashMap<>();
        int[] shifts = {104, 78, 64, 63};
        for (int i = 0; i < shifts.length; i++) {
            columns.put("c" + i, twoCategories(shifts[i]));
        }
        return columns;
    }

    static List<Verdict> verdicts(Correction correction) {
        Table.Builder ref = Table.builder();
        Table.Builder cur = Table.builder();
        fourColumns().forEach((name, pair) -> {
            ref.categorical(name, pair[0]);
            cur.categorical(name, pair[1]);
        });
        DriftReport report = DriftDetector.builder().categoricalTests(DriftTest.CHI_SQUARE)
                .correction(correction).build().compare(ref.build(), cur.build());
        return report.columns().stream().map(ColumnReport::verdict).toList();
    }

    @Test
    void compare_correctionsDecideDifferently() {
        Verdict d = Verdict.DRIFT;
        Verdict n = Verdict.NO_DRIFT;
        assertThat(verdicts(Correction.NONE)).containsExactly(d, d, d, d);
        assertThat(verdicts(Correction.BENJAMINI_HOCHBERG)).containsExactly(d, d, d, d);
        assertThat(verdicts(Correction.HOLM)).containsExactly(d, d, n, n);
        assertThat(verdicts(Correction.BONFERRONI)).containsExactly(d, n, n, n);
    }

    @Test
    void compare_effectSizeFloorSuppressesTrivialShift() {
        String[] ref = new String[20_000];
        String[] cur = new String[20_000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = i < 10_000 ? "a" : "b";
            cur[i] = i < 10_300 ? "a" : "b";
        }
        Map<String, String[]> r = Map.of("flag", ref);
        Map<String, String[]> c = Map.of("flag", cur);
        assertThat(DriftDetector.builder().build().compare(r, c).column("flag").verdict()).isEqualTo(Verdict.DRIFT);

        ColumnReport floored = DriftDetector.builder().effectSizeFloor(0.1).build().compare(r, c).column("flag");
        assertThat(floored.verdict()).isEqualTo(Verdict.NO_DRIFT);
        assertThat(floored.reason()).contains("below the effect-size floor 0.1");
    }

    @Test
    void compare_missingRateIsItsOwnCheck() {
        double[] ref = normal(5, 1000, 0);
        double[] cur = normal(6, 1000, 0);
        for (int i = 0; i < 300; i++) {
            cur[i * 3] = Double.NaN;
        }
        ref[7] = Double.NaN;
        ColumnReport x = DriftDetector.builder().numericTests(DriftTest.KS).build()
                .compare(Map.of("x", ref), Map.of("x", cur)).column("x");

        assertThat(x.verdict()).isEqualTo(Verdict.DRIFT);
        assertThat(x.decidingTest()).isEqualTo(DriftTest.MISSING_RATE);
        assertThat(x.topBin()).isEqualTo("MISSING");
        assertThat(x.currentMissing()).isEqualTo(300);
        assertThat(x.currentMissingRate()).isEqualTo(0.3);
        assertThat(x.outcome(DriftTest.KS).orElseThrow().pValue()).isGreaterThan(0.05);
        assertThat(x.reason()).contains("missing rate went from 0.10% to 30.00%");
    }

    @Test
    void compare_parallelEqualsSequential() {
        Table.Builder ref = Table.builder();
        Table.Builder cur = Table.builder();
        for (int i = 0; i < 12; i++) {
            ref.numeric("n" + i, normal(i, 3000, 0));
            cur.numeric("n" + i, normal(100 + i, 2500, i % 3 == 0 ? 0.2 : 0));
        }
        fourColumns().forEach((name, pair) -> {
            ref.categorical(name, pair[0]);
            cur.categorical(name, pair[1]);
        });
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            DriftReport sequential = DriftDetector.builder().parallelism(1).build().compare(ref.build(), cur.build());
            DriftReport parallel = DriftDetector.builder().parallelism(4).executor(pool).build()
                    .compare(ref.build(), cur.build());
            assertThat(parallel.summary()).isEqualTo(sequential.summary());
            for (int i = 0; i < sequential.columns().size(); i++) {
                assertThat(parallel.columns().get(i).outcomes()).isEqualTo(sequential.columns().get(i).outcomes());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void compare_executorThatNeverRunsOrRejectsHelpersStillFinishes() {
        Map<String, double[]> ref = Map.of("a", normal(1, 200, 0), "b", normal(2, 200, 0), "c", normal(3, 200, 0));
        Map<String, double[]> cur = Map.of("a", normal(4, 200, 0), "b", normal(5, 200, 1), "c", normal(6, 200, 0));
        DriftReport expected = DriftDetector.builder().parallelism(1).build().compare(ref, cur);

        DriftReport swallowed = DriftDetector.builder().parallelism(3).executor(task -> { }).build().compare(ref, cur);
        DriftReport rejected = DriftDetector.builder().parallelism(3).executor(task -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        }).build().compare(ref, cur);

        assertThat(swallowed.summary()).isEqualTo(expected.summary());
        assertThat(rejected.summary()).isEqualTo(expected.summary());
    }

    @Test
    void compare_profilesGiveSameReportAsRawReference() {
        double[] age = normal(1, 500, 0);
        String[] colour = twoCategories(80)[0];
        Table cur = Table.builder().numeric("age", normal(2, 400, 0.3)).categorical("colour", twoCategories(80)[1]).build();
        Map<String, ReferenceProfile> profiles = new LinkedHashMap<>();
        profiles.put("age", ReferenceProfile.numeric("age", age));
        profiles.put("colour", ReferenceProfile.categorical("colour", colour));

        DriftDetector detector = DriftDetector.builder().build();
        DriftReport fromProfiles = detector.compare(profiles, cur);
        DriftReport fromRaw = detector.compare(Table.builder().numeric("age", age).categorical("colour", colour).build(), cur);

        assertThat(fromProfiles.summary()).isEqualTo(fromRaw.summary());
        assertThat(Arrays.asList(fromProfiles.column("age").verdict(), fromProfiles.column("colour").verdict()))
                .containsExactly(Verdict.DRIFT, Verdict.DRIFT);
    }
}
