package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CorrectionTest {

    static Stream<PsiOracle.Case> cases() {
        return PsiOracle.read("corrections.tsv").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void adjust_matchesScipyAndFormulas(PsiOracle.Case c) {
        double[] p = c.numbers("p");
        assertClose(Correction.BENJAMINI_HOCHBERG.adjust(p), c.numbers("bh"));
        assertClose(Correction.HOLM.adjust(p), c.numbers("holm"));
        assertClose(Correction.BONFERRONI.adjust(p), c.numbers("bonferroni"));
        assertThat(Correction.NONE.adjust(p)).containsExactly(p);
    }

    @Test
    void adjust_textbookExampleRejectsDifferently() {
        double[] p = {0.01, 0.04, 0.03, 0.005};
        // BH: sorted .005,.01,.03,.04 → .02,.02,.04,.04: all four rejected at q = 0.05
        assertThat(Correction.BENJAMINI_HOCHBERG.adjust(p)).containsExactly(new double[] {0.02, 0.04, 0.04, 0.02}, within(1e-15));
        // Holm: .02, .03, .06, .06 → only the two smallest rejected
        assertThat(Correction.HOLM.adjust(p)).containsExactly(new double[] {0.03, 0.06, 0.06, 0.02}, within(1e-15));
        // Bonferroni: .04, .16, .12, .02
        assertThat(Correction.BONFERRONI.adjust(p)).containsExactly(new double[] {0.04, 0.16, 0.12, 0.02}, within(1e-15));
    }

    @Test
    void adjust_outOfRangeValue() {
        assertThatThrownBy(() -> Correction.HOLM.adjust(new double[] {0.1, 1.5}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pValues[1] must be in [0, 1], but was 1.5");
        assertThatThrownBy(() -> Correction.BONFERRONI.adjust(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pValues");
    }

    private static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(PsiOracle.close(actual[i], expected[i], 0))
                    .as("index %d: %s vs %s", i, actual[i], expected[i]).isTrue();
        }
    }
}
