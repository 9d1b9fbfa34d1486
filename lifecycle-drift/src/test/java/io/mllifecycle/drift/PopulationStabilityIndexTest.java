package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PopulationStabilityIndexTest {

    private static final double[] REF = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    @Test
    void of_nullReference() {
        assertThatThrownBy(() -> PopulationStabilityIndex.of((double[]) null, REF))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("reference must not be null");
    }

    @Test
    void of_emptyCurrent() {
        assertThatThrownBy(() -> PopulationStabilityIndex.of(REF, new double[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("current must have at least 1 non-NaN value, but had 0");
    }

    @Test
    void of_nanRejectedNamingIndex() {
        assertThatThrownBy(() -> PopulationStabilityIndex.of(REF, new double[] {1, 2, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("current[2] must not be NaN");
    }

    @Test
    void of_nanOmittedAndCounted() {
        PsiResult r = PopulationStabilityIndex.of(REF, new double[] {1, Double.NaN, 5},
                PsiOptions.defaults().withMissing(MissingValues.OMIT));
        assertThat(r.currentOmitted()).isEqualTo(1);
        assertThat(r.currentSize()).isEqualTo(2);
        assertThat(r.bins()).noneMatch(b -> b.kind() == BinKind.MISSING);
    }

    @Test
    void of_nanBinnedAsMissing() {
        PsiResult r = PopulationStabilityIndex.of(REF, new double[] {1, Double.NaN, Double.NaN},
                PsiOptions.defaults().withMissing(MissingValues.BIN));
        PsiBin missing = r.bins().get(r.binCount() - 1);
        assertThat(missing.kind()).isEqualTo(BinKind.MISSING);
        assertThat(missing.currentCount()).isEqualTo(2);
        assertThat(missing.referenceCount()).isZero();
        assertThat(r.topBin()).isEqualTo(missing);
    }

    @Test
    void of_allEqualReferenceGivesTwoBins() {
        PsiResult r = PopulationStabilityIndex.of(new double[] {3, 3, 3, 3}, new double[] {2, 3, 4});
        assertThat(r.edges()).containsExactly(3.0);
        assertThat(r.binCount()).isEqualTo(2);
        assertThat(r.bins()).extracting(PsiBin::referenceCount).containsExactly(4L, 0L);
        assertThat(r.bins()).extracting(PsiBin::currentCount).containsExactly(2L, 1L);
        assertThat(r.bins().get(0).label()).isEqualTo("(-Infinity, 3.0]");
    }

    @Test
    void of_oneValueEachSide() {
        PsiResult r = PopulationStabilityIndex.of(new double[] {1}, new double[] {1});
        assertThat(r.value()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0);
        assertThat(r.severity()).isEqualTo(PsiSeverity.NONE);
    }

    @Test
    void of_doesNotModifyInputs() {
        double[] ref = {3, -0.0, 2, 1};
        double[] cur = {5, 4};
        PopulationStabilityIndex.of(ref, cur);
        assertThat(ref).containsExactly(3, -0.0, 2, 1);
        assertThat(cur).containsExactly(5, 4);
    }

    @Test
    void of_unknownCategoryGoesToUnseen() {
        PsiResult r = PopulationStabilityIndex.of(new String[] {"a", "b", "a"}, new String[] {"a", "z", "y"});
        assertThat(r.bins()).extracting(PsiBin::label).containsExactly("a", "b", "UNSEEN");
        assertThat(r.bins().get(2).currentCount()).isEqualTo(2);
        assertThat(r.topBin().kind()).isEqualTo(BinKind.UNSEEN);
    }

    @Test
    void of_nullCategoryRejectedNamingIndex() {
        assertThatThrownBy(() -> PopulationStabilityIndex.of(new String[] {"a", null}, new String[] {"a"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("reference[1] must not be null");
    }

    @Test
    void of_nullOptions() {
        assertThatThrownBy(() -> PopulationStabilityIndex.of(REF, REF, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("options must not be null");
    }

    @Test
    void withBins_tooFew() {
        assertThatThrownBy(() -> PsiOptions.defaults().withBins(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bins must be between 2 and 65536, but was 1");
    }

    @Test
    void withAlpha_notPositive() {
        assertThatThrownBy(() -> PsiOptions.defaults().withAlpha(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alpha must be a finite number > 0, but was 0.0");
    }

    @Test
    void of_smallSampleModerateBandGetsNote() {
        double[] cur = {8, 9, 10, 10, 9, 8, 7, 10, 9, 8};
        PsiResult r = PopulationStabilityIndex.of(REF, cur);
        assertThat(r.severity()).isNotEqualTo(PsiSeverity.NONE);
        assertThat(r.pValue()).isGreaterThanOrEqualTo(0.05);
        assertThat(r.note()).contains("too small");
    }

    @Test
    void of_largeSampleSmallShiftGetsNote() {
        java.util.Random random = new java.util.Random(1);
        double[] ref = new double[200_000];
        double[] cur = new double[200_000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = random.nextGaussian();
            cur[i] = random.nextGaussian() + 0.1;
        }
        PsiResult r = PopulationStabilityIndex.of(ref, cur);
        assertThat(r.severity()).isEqualTo(PsiSeverity.NONE);
        assertThat(r.pValue()).isLessThan(1e-10);
        assertThat(r.note()).contains("statistically clear");
    }

    @Test
    void severity_bands() {
        assertThat(PsiSeverity.of(0.0999)).isEqualTo(PsiSeverity.NONE);
        assertThat(PsiSeverity.of(0.1)).isEqualTo(PsiSeverity.MODERATE);
        assertThat(PsiSeverity.of(0.25)).isEqualTo(PsiSeverity.SIGNIFICANT);
        assertThatThrownBy(() -> PsiSeverity.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
