package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Numbers at the edges of the double range (issue 11), against exact-arithmetic oracles written by
 * src/test/oracle/make_edge_oracle.py into oracle/edges.tsv.
 */
class NumericEdgesTest {

    private static final List<PsiOracle.Case> CASES = PsiOracle.read("edges.tsv");

    static Stream<PsiOracle.Case> moments() {
        return CASES.stream().filter(c -> c.name().startsWith("moments_") || c.name().startsWith("wasserstein_"));
    }

    private static PsiOracle.Case named(String name) {
        return CASES.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** |actual − expected| ≤ ulps · ulp(expected). */
    private static void assertUlps(String what, double actual, double expected, double ulps) {
        assertThat(Math.abs(actual - expected))
                .as("%s: %s (%s) against the exact %s (%s)", what, actual, Double.toHexString(actual), expected,
                        Double.toHexString(expected))
                .isLessThanOrEqualTo(ulps * Math.ulp(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moments")
    void profile_meanAndStandardDeviation_exactToAFewUlps(PsiOracle.Case c) {
        double[] ref = c.numbers("ref");
        ReferenceProfile exact = ReferenceProfile.of(ref);
        assertUlps("exact mean", exact.mean(), c.number("mean"), 2);
        assertUlps("exact sd", exact.standardDeviation(), c.number("sd"), 4);
        // a sketch keeps its m2 as one double: it under- or overflows for spreads beyond 1e∓154 (documented)
        if (!c.name().startsWith("wasserstein_") && !c.name().contains("tiny") && !c.name().contains("huge")) {
            ReferenceProfileBuilderChunks chunks = new ReferenceProfileBuilderChunks(ref, 7);
            ReferenceProfile sketch = chunks.sketch();
            assertUlps("sketch mean", sketch.mean(), c.number("mean"), 8);
            assertUlps("sketch sd", sketch.standardDeviation(), c.number("sd"), 16);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moments")
    void wasserstein_distanceAndStandardized_exactToAFewUlps(PsiOracle.Case c) {
        WassersteinResult r = Wasserstein.distance(c.numbers("ref"), c.numbers("cur"), true, NanPolicy.REJECT);
        assertUlps("distance", r.distance(), c.number("wasserstein"), 64);
        assertUlps("reference sd", r.referenceStandardDeviation(), c.number("sd"), 4);
        assertUlps("standardized", r.value(), c.number("wassersteinScaled"), 64);
        WassersteinResult plain = Wasserstein.distance(c.numbers("ref"), c.numbers("cur"));
        assertThat(plain.distance()).isEqualTo(r.distance());
    }

    @Test
    void wasserstein_extremeFiniteValues_notRejected() {
        double big = Double.MAX_VALUE;
        WassersteinResult r = Wasserstein.distance(new double[] {big, big / 2}, new double[] {big / 2, big / 4});
        assertThat(r.distance()).isEqualTo(big / 2 / 2 + big / 4 / 2);
        assertThat(r.referenceStandardDeviation()).isEqualTo(big / 4);
        assertThat(Wasserstein.distance(new double[] {-big, big}, new double[] {-big, big}).distance()).isZero();
    }

    @Test
    void wasserstein_distanceBeyondTheDoubleRange_namesBothArguments() {
        double big = Double.MAX_VALUE;
        assertThatThrownBy(() -> Wasserstein.distance(new double[] {-big}, new double[] {big}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reference and current")
                .hasMessageContaining("exceeds the largest double");
    }

    @Test
    void profile_mean_infinitiesPropagate() {
        double inf = Double.POSITIVE_INFINITY;
        assertThat(ReferenceProfile.of(new double[] {1, 2, -inf, 3}).mean()).isEqualTo(-inf);
        assertThat(ReferenceProfile.of(new double[] {-inf, -inf}).mean()).isEqualTo(-inf);
        assertThat(ReferenceProfile.of(new double[] {1, inf, Double.NaN}).mean()).isEqualTo(inf);
        assertThat(ReferenceProfile.of(new double[] {-inf, 1, inf}).mean()).isNaN();
        assertThat(ReferenceProfile.of(new double[] {1, 2, -inf}).standardDeviation()).isNaN();
        ReferenceProfile sketch = ReferenceProfile.sketchBuilder("x", 200).add(new double[] {1, -inf})
                .add(new double[] {2, 3}).build();
        assertThat(sketch.mean()).isEqualTo(-inf);
        ReferenceProfile merged = ReferenceProfile.of(new double[] {5, -inf}).merge(
                ReferenceProfile.numericSketch("", new double[] {1, 2}, 200));
        assertThat(merged.mean()).isEqualTo(-inf);
        ReferenceProfile mixed = ReferenceProfile.of(new double[] {-inf}).merge(
                ReferenceProfile.numericSketch("", new double[] {inf}, 200));
        assertThat(mixed.mean()).isNaN();
    }

    /**
     * Cramér–von Mises with 10^6 values per side (reference 0..n−1, current ⌊1.001 j⌋, with ties): the
     * exact statistic is T = 0.16613…, and double accumulation of the rank sums and of T's two
     * O(n) terms used to be off in the 8th digit.
     */
    @Test
    void cramerVonMises_millionsPerSide_statisticAndPValueKeepTheirDigits() {
        PsiOracle.Case c = named("cvm_generated_1000000");
        int n = Integer.parseInt(c.get("n"));
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = (i * 1001L) / 1000;
        }
        CvmResult r = CramerVonMises.twoSample(x, y);
        assertThat(r.method()).isEqualTo(CvmMethod.ASYMPTOTIC);
        assertThat(r.ties()).isTrue();
        assertUlps("statistic", r.statistic(), c.number("statistic"), 1);
        assertThat(Math.abs(r.pValue() - c.number("pValue"))).as("p-value %s against %s", r.pValue(),
                c.number("pValue")).isLessThanOrEqualTo(1e-13);
    }

    @Test
    void binnedStatistics_nearlyEqualLargeSamples_keepTheirDigits() {
        PsiOracle.Case c = named("categorical_near_equal");
        String[] ref = expand(c.get("refcounts"));
        String[] cur = expand(c.get("curcounts"));
        double js = JensenShannon.distance(ref, cur).distance();
        double hellinger = Hellinger.distance(ref, cur).distance();
        double psi = PopulationStabilityIndex.of(ref, cur).value();
        ChiSquareResult chi = ChiSquareHomogeneity.test(ref, cur);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(PsiOracle.close(js, c.number("jensenShannon"), 0))
                .as("JS %s against %s", js, c.number("jensenShannon")).isTrue();
        soft.assertThat(PsiOracle.close(hellinger, c.number("hellinger"), 0))
                .as("Hellinger %s against %s", hellinger, c.number("hellinger")).isTrue();
        soft.assertThat(PsiOracle.close(psi, c.number("psi"), 0)).as("PSI %s against %s", psi, c.number("psi")).isTrue();
        soft.assertThat(PsiOracle.close(chi.statistic(), c.number("chiSquare"), 0))
                .as("chi-square %s against %s", chi.statistic(), c.number("chiSquare")).isTrue();
        soft.assertThat(PsiOracle.close(chi.pValue(), c.number("chiSquarePValue"), 0))
                .as("chi-square p %s against %s", chi.pValue(), c.number("chiSquarePValue")).isTrue();
        soft.assertAll();
    }

    private static String[] expand(String counts) {
        List<String> out = new ArrayList<>();
        for (String part : counts.split(",")) {
            String[] kv = part.split("=");
            String name = kv[0];
            for (int i = Integer.parseInt(kv[1]); i > 0; i--) {
                out.add(name);
            }
        }
        return out.toArray(String[]::new);
    }

    /** Feeds values in uneven chunks into a sketch profile. */
    private record ReferenceProfileBuilderChunks(double[] values, int chunks) {
        ReferenceProfile sketch() {
            ProfileSketchBuilder b = ReferenceProfile.sketchBuilder("x", 200);
            int from = 0;
            for (int k = 1; k <= chunks; k++) {
                int to = (int) ((long) values.length * k * k / ((long) chunks * chunks));
                b.add(java.util.Arrays.copyOfRange(values, from, to));
                from = to;
            }
            return b.build();
        }
    }
}
