package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CramerVonMisesTest {

    @Test
    void twoSample_oneValueIsTooFew() {
        assertThatThrownBy(() -> CramerVonMises.twoSample(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reference must have at least 2 non-NaN values, but had 1");
    }

    @Test
    void twoSample_nullCurrent() {
        assertThatThrownBy(() -> CramerVonMises.twoSample(new double[] {1, 2}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("current must not be null");
    }

    @Test
    void twoSample_infinityRejected() {
        assertThatThrownBy(() -> CramerVonMises.twoSample(new double[] {1, Double.POSITIVE_INFINITY}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference must be finite")
                .hasMessageContaining("Infinity");
    }

    @Test
    void twoSample_nanRejectedOrOmitted() {
        double[] withNan = {1, 2, Double.NaN, 3};
        assertThatThrownBy(() -> CramerVonMises.twoSample(withNan, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference[2] must not be NaN");
        CvmResult r = CramerVonMises.twoSample(withNan, new double[] {1.5, 2.5}, CvmMethod.AUTO, NanPolicy.OMIT);
        assertThat(r.referenceNanOmitted()).isEqualTo(1);
        assertThat(r).isEqualTo(new CvmResult(r.statistic(), r.pValue(), CvmMethod.EXACT, 3, 2, false, 1, 0));
    }

    @Test
    void twoSample_allEqualValues() {
        CvmResult r = CramerVonMises.twoSample(new double[] {4, 4, 4}, new double[] {4, 4});
        assertThat(r.ties()).isTrue();
        assertThat(r.pValue()).isEqualTo(1.0);
    }

    @Test
    void twoSample_exactTooLarge() {
        double[] big = new double[40];
        double[] other = new double[40];
        for (int i = 0; i < 40; i++) {
            big[i] = i;
            other[i] = i + 0.5;
        }
        assertThatThrownBy(() -> CramerVonMises.twoSample(big, other, CvmMethod.EXACT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n=40 and m=40");
    }

    @Test
    void twoSample_nullMethod() {
        assertThatThrownBy(() -> CramerVonMises.twoSample(new double[] {1, 2}, new double[] {1, 2}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("method must not be null");
    }
}
