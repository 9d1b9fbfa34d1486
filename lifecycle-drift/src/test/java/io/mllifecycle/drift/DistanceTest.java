package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DistanceTest {

    private static final String[] REF = {"a", "a", "b", "c"};

    @Test
    void distance_identicalSamplesAreZero() {
        assertThat(JensenShannon.distance(REF, REF.clone()).distance()).isZero();
        assertThat(Hellinger.distance(REF, REF.clone()).distance()).isZero();
        assertThat(LInfinity.distance(REF, REF.clone()).distance()).isZero();
    }

    @Test
    void distance_disjointSamplesAreOne() {
        String[] other = {"x", "y"};
        assertThat(JensenShannon.distance(REF, other).distance()).isEqualTo(1.0);
        assertThat(Hellinger.distance(REF, other).distance()).isEqualTo(1.0);
        LInfinityResult linf = LInfinity.distance(REF, other);
        assertThat(linf.distance()).isEqualTo(1.0);
        assertThat(linf.category()).isEqualTo("UNSEEN");
        assertThat(linf.kind()).isEqualTo(BinKind.UNSEEN);
    }

    @Test
    void lInfinity_namesCategoryAndShares() {
        LInfinityResult r = LInfinity.distance(REF, new String[] {"a", "b", "b", "c"});
        assertThat(r.category()).isEqualTo("a");
        assertThat(r.referenceShare()).isEqualTo(0.5);
        assertThat(r.currentShare()).isEqualTo(0.25);
        assertThat(r.distance()).isEqualTo(0.25);
    }

    @Test
    void chiSquare_oneCategoryEachSideHasNoDegreesOfFreedom() {
        ChiSquareResult r = ChiSquareHomogeneity.test(new String[] {"a", "a"}, new String[] {"a"});
        assertThat(r.degreesOfFreedom()).isZero();
        assertThat(r.statistic()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0);
    }

    @Test
    void chiSquare_nullCurrentValueNamesIndex() {
        assertThatThrownBy(() -> ChiSquareHomogeneity.test(REF, new String[] {"a", "b", null}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("current[2] must not be null");
    }

    @Test
    void chiSquare_emptyReference() {
        assertThatThrownBy(() -> ChiSquareHomogeneity.test(new String[0], REF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference must have at least 1 value, but had 0");
    }

    @Test
    void chiSquare_onlyMissingCurrentWhenOmitted() {
        assertThatThrownBy(() -> ChiSquareHomogeneity.test(REF, new String[] {null, null}, MissingValues.OMIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("current must have at least 1 non-null value, but had 0 (of 2)");
    }

    @Test
    void lInfinity_nullMissingPolicy() {
        assertThatThrownBy(() -> LInfinity.distance(REF, REF, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("missing must not be null");
    }

    @Test
    void jensenShannon_numericNaNRejectedNamingIndex() {
        assertThatThrownBy(() -> JensenShannon.distance(new double[] {1, Double.NaN}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("reference[1] must not be NaN");
    }

    @Test
    void hellinger_missingBinCountsMissingValues() {
        DistanceResult r = Hellinger.distance(new double[] {1, 2, 3, 4}, new double[] {Double.NaN, Double.NaN},
                PsiOptions.defaults().withMissing(MissingValues.BIN));
        assertThat(r.distance()).isEqualTo(1.0);
        assertThat(r.topKind()).isEqualTo(BinKind.MISSING);
    }
}
