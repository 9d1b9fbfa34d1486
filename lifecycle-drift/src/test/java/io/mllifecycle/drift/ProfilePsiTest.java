package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ProfilePsiTest {

    @Test
    void of_sketchProfileIsCloseAndSaysApproximate() {
        Random random = new Random(7);
        double[] ref = new double[50_000];
        double[] cur = new double[20_000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = random.nextGaussian();
        }
        for (int i = 0; i < cur.length; i++) {
            cur[i] = random.nextGaussian() + 0.5;
        }
        PsiResult exact = PopulationStabilityIndex.of(ref, cur);
        PsiResult sketch = PopulationStabilityIndex.of(ReferenceProfile.numericSketch("x", ref, 400), cur);

        assertThat(sketch.isExact()).isFalse();
        assertThat(sketch.referenceRankError()).isPositive();
        assertThat(sketch.value()).isCloseTo(exact.value(), org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(sketch.referenceSize()).isEqualTo(ref.length);
    }

    @Test
    void of_categoricalProfileForNumericCall() {
        ReferenceProfile profile = ReferenceProfile.categorical("city", new String[] {"a", "b"});
        assertThatThrownBy(() -> PopulationStabilityIndex.of(profile, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference must be a numeric profile, but column 'city' is categorical");
    }

    @Test
    void of_nullProfile() {
        assertThatThrownBy(() -> PopulationStabilityIndex.of((ReferenceProfile) null, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("reference must not be null");
    }

    @Test
    void of_profileCurrentNaNRejectedNamingIndex() {
        ReferenceProfile profile = ReferenceProfile.of(new double[] {1, 2, 3});
        assertThatThrownBy(() -> PopulationStabilityIndex.of(profile, new double[] {1, 2, 3, 4, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("current[4] must not be NaN");
    }

    @Test
    void of_profileMissingReferenceValuesBinned() {
        ReferenceProfile profile = ReferenceProfile.of(new double[] {1, 2, Double.NaN, 3});
        PsiResult r = PopulationStabilityIndex.of(profile, new double[] {1, 2, 3},
                PsiOptions.defaults().withMissing(MissingValues.BIN));
        PsiBin last = r.bins().get(r.binCount() - 1);
        assertThat(last.kind()).isEqualTo(BinKind.MISSING);
        assertThat(last.referenceCount()).isEqualTo(1);
        assertThat(last.currentCount()).isZero();
    }

    @Test
    void of_profileEmptyCurrent() {
        ReferenceProfile profile = ReferenceProfile.of(new double[] {1, 2, 3});
        assertThatThrownBy(() -> PopulationStabilityIndex.of(profile, new double[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("current must have at least 1 non-NaN value, but had 0");
    }
}
