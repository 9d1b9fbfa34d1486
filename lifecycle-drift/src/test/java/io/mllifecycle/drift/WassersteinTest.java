package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WassersteinTest {

    @Test
    void distance_shiftedCopyIsTheShift() {
        double[] a = {0, 1, 2, 3};
        double[] b = {0.5, 1.5, 2.5, 3.5};
        assertThat(Wasserstein.distance(a, b).value()).isEqualTo(0.5);
    }

    @Test
    void distance_standardizedDividesByPopulationSd() {
        double[] a = {2, 4, 4, 4, 5, 5, 7, 9}; // population sd 2
        double[] b = {3, 5, 5, 5, 6, 6, 8, 10};
        WassersteinResult r = Wasserstein.distance(a, b, true, NanPolicy.REJECT);
        assertThat(r.distance()).isEqualTo(1.0);
        assertThat(r.referenceStandardDeviation()).isEqualTo(2.0);
        assertThat(r.value()).isEqualTo(0.5);
    }

    @Test
    void distance_constantReference() {
        WassersteinResult r = Wasserstein.distance(new double[] {1, 1}, new double[] {2}, true, NanPolicy.REJECT);
        assertThat(r.value()).isEqualTo(Double.POSITIVE_INFINITY);
        WassersteinResult same = Wasserstein.distance(new double[] {1, 1}, new double[] {1}, true, NanPolicy.REJECT);
        assertThat(same.value()).isZero();
    }

    @Test
    void distance_badInput() {
        assertThatThrownBy(() -> Wasserstein.distance(new double[0], new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reference must have at least 1 non-NaN value, but had 0");
        assertThatThrownBy(() -> Wasserstein.distance(new double[] {1}, new double[] {Double.NEGATIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("current must be finite");
        assertThatThrownBy(() -> Wasserstein.distance(new double[] {1, Double.NaN}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference[1] must not be NaN");
        WassersteinResult omitted = Wasserstein.distance(new double[] {1, Double.NaN}, new double[] {1}, false, NanPolicy.OMIT);
        assertThat(omitted.referenceNanOmitted()).isEqualTo(1);
        assertThat(omitted.value()).isZero();
    }
}
