package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class DriftProperties {

    @Property(tries = 300)
    void twoSample_statisticAndPValueInUnitInterval(
            @ForAll @Size(min = 1, max = 60) @DoubleRange(min = -1e6, max = 1e6) double[] a,
            @ForAll @Size(min = 1, max = 60) @DoubleRange(min = -1e6, max = 1e6) double[] b,
            @ForAll KsAlternative alternative, @ForAll KsMethod method) {
        KsResult r = KolmogorovSmirnov.twoSample(a, b,
                KsOptions.defaults().withAlternative(alternative).withMethod(method));
        assertThat(r.statistic()).isBetween(0.0, 1.0);
        assertThat(r.pValue()).isBetween(0.0, 1.0);
        assertThat(r.method()).isNotEqualTo(KsMethod.AUTO);
    }

    @Property(tries = 300)
    void twoSample_invariantUnderStrictlyIncreasingTransform(
            @ForAll @Size(min = 1, max = 60) int[] a0, @ForAll @Size(min = 1, max = 60) int[] b0,
            @ForAll KsAlternative alternative) {
        double[] a = Arrays.stream(a0).mapToDouble(v -> v % 1000).toArray();
        double[] b = Arrays.stream(b0).mapToDouble(v -> v % 1000).toArray();
        KsOptions options = KsOptions.defaults().withAlternative(alternative);
        KsResult plain = KolmogorovSmirnov.twoSample(a, b, options);
        KsResult transformed = KolmogorovSmirnov.twoSample(cubic(a), cubic(b), options);
        assertThat(transformed.statistic()).isEqualTo(plain.statistic());
        assertThat(transformed.pValue()).isEqualTo(plain.pValue());
        assertThat(transformed.sign()).isEqualTo(plain.sign());
        assertThat(transformed.ties()).isEqualTo(plain.ties());
        assertThat(transformed.location()).isEqualTo(cubic(plain.location()));
    }

    /** x^3 + 5x: strictly increasing and exact in double for integers |x| &lt; 1000. */
    private static double cubic(double x) {
        return x * x * x + 5 * x;
    }

    private static double[] cubic(double[] v) {
        return Arrays.stream(v).map(DriftProperties::cubic).toArray();
    }

    @Property(tries = 200)
    void merge_exactProfilesEqualProfileOfUnion(
            @ForAll @Size(min = 1, max = 80) @DoubleRange(min = -1e3, max = 1e3) double[] a,
            @ForAll @Size(min = 1, max = 80) @DoubleRange(min = -1e3, max = 1e3) double[] b) {
        double[] union = new double[a.length + b.length];
        System.arraycopy(a, 0, union, 0, a.length);
        System.arraycopy(b, 0, union, a.length, b.length);
        ReferenceProfile merged = ReferenceProfile.numeric("c", a).merge(ReferenceProfile.numeric("c", b));
        ReferenceProfile whole = ReferenceProfile.numeric("c", union);
        assertThat(merged).isEqualTo(whole).hasSameHashCodeAs(whole);
        assertThat(ReferenceProfile.numeric("c", b).merge(ReferenceProfile.numeric("c", a))).isEqualTo(whole);
    }

    @Property(tries = 200)
    void toBytes_roundTrip(@ForAll @Size(min = 1, max = 80) double[] values,
            @ForAll @IntRange(min = 8, max = 400) int k, @ForAll @Size(min = 1, max = 20) String[] categories) {
        for (ReferenceProfile p : new ReferenceProfile[] {
                ReferenceProfile.numeric("x", values), ReferenceProfile.numericSketch("x", values, k),
                ReferenceProfile.categorical("x", categories)}) {
            ReferenceProfile back = ReferenceProfile.fromBytes(p.toBytes());
            assertThat(back).isEqualTo(p).hasSameHashCodeAs(p);
            assertThat(back.count()).isEqualTo(p.count());
            assertThat(back.missingCount()).isEqualTo(p.missingCount());
        }
    }
}
