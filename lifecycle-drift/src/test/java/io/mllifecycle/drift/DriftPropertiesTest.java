package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.drift.internal.NumericBinning;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class DriftPropertiesTest {

    @Property(tries = 200)
    void psi_nonNegative(@ForAll @Size(min = 1, max = 200) double[] reference,
            @ForAll @Size(min = 1, max = 200) double[] current, @ForAll @IntRange(min = 2, max = 30) int bins) {
        PsiOptions options = PsiOptions.defaults().withBins(bins).withMissing(MissingValues.OMIT);
        if (hasNumber(reference) && hasNumber(current)) {
            PsiResult r = PopulationStabilityIndex.of(reference, current, options);
            assertThat(r.value()).isGreaterThanOrEqualTo(0);
            assertThat(r.pValue()).isBetween(0.0, 1.0);
        }
    }

    @Property(tries = 200)
    void psi_zeroForIdenticalSamples(@ForAll @Size(min = 1, max = 300)
            double[] sample, @ForAll @IntRange(min = 2, max = 30) int bins) {
        PsiOptions options = PsiOptions.defaults().withBins(bins).withMissing(MissingValues.BIN);
        if (hasNumber(sample)) {
            assertThat(PopulationStabilityIndex.of(sample, sample.clone(), options).value()).isZero();
        }
    }

    @Property(tries = 200)
    void psi_zeroForIdenticalCategories(@ForAll @Size(min = 1, max = 100) String[] sample) {
        PsiResult r = PopulationStabilityIndex.of(sample, sample.clone());
        assertThat(r.value()).isZero();
        assertThat(r.severity()).isEqualTo(PsiSeverity.NONE);
    }

    @Property(tries = 200)
    void distances_inUnitInterval(@ForAll @Size(min = 1, max = 200) @DoubleRange(min = -1e6, max = 1e6)
            double[] reference, @ForAll @Size(min = 1, max = 200) @DoubleRange(min = -1e6, max = 1e6) double[] current) {
        assertThat(JensenShannon.distance(reference, current).distance()).isBetween(0.0, 1.0);
        assertThat(Hellinger.distance(reference, current).distance()).isBetween(0.0, 1.0);
    }

    @Property(tries = 200)
    void categoricalDistances_inUnitInterval(@ForAll @Size(min = 1, max = 60) String @StringLength(max = 2) [] reference,
            @ForAll @Size(min = 1, max = 60) String @StringLength(max = 2) [] current) {
        assertThat(JensenShannon.distance(reference, current).distance()).isBetween(0.0, 1.0);
        assertThat(Hellinger.distance(reference, current).distance()).isBetween(0.0, 1.0);
        assertThat(LInfinity.distance(reference, current).distance()).isBetween(0.0, 1.0);
        assertThat(ChiSquareHomogeneity.test(reference, current).pValue()).isBetween(0.0, 1.0);
    }

    @Property(tries = 300)
    void count_equalsLinearScan(@ForAll @Size(max = 40) double[] rawEdges,
            @ForAll @Size(max = 100) double[] values) {
        double[] edges = java.util.Arrays.stream(rawEdges).filter(v -> !Double.isNaN(v)).sorted().distinct().toArray();
        double[] clean = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        long[] expected = new long[edges.length + 1];
        for (double v : clean) {
            int bin = 0;
            while (bin < edges.length && edges[bin] < v) {
                bin++;
            }
            expected[bin]++;
        }
        assertThat(NumericBinning.count(edges, clean)).containsExactly(expected);
    }

    @Property(tries = 300)
    void countWithNaN_countsNaNSeparately(@ForAll @Size(max = 40) double[] rawEdges,
            @ForAll @Size(max = 100) double[] values, @ForAll @IntRange(min = 0, max = 7) int nanEvery) {
        double[] edges = java.util.Arrays.stream(rawEdges).filter(v -> !Double.isNaN(v)).sorted().distinct().toArray();
        double[] withNaN = values.clone();
        long nan = 0;
        for (int i = 0; i < withNaN.length; i++) {
            if (nanEvery > 0 && i % nanEvery == 0 || Double.isNaN(withNaN[i])) {
                withNaN[i] = Double.NaN;
                nan++;
            }
        }
        double[] clean = java.util.Arrays.stream(withNaN).filter(v -> !Double.isNaN(v)).toArray();
        long[] counted = NumericBinning.countWithNaN(edges, withNaN);
        assertThat(counted[edges.length + 1]).isEqualTo(nan);
        assertThat(java.util.Arrays.copyOf(counted, edges.length + 1)).containsExactly(NumericBinning.count(edges, clean));
    }

    private static boolean hasNumber(double[] values) {
        for (double v : values) {
            if (!Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }
}
