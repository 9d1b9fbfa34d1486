package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CategoricalOracleTest {

    static Stream<PsiOracle.Case> cases() {
        return PsiOracle.read("categorical.tsv").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void chiSquare_matchesScipyChi2Contingency(PsiOracle.Case c) {
        ChiSquareResult result = ChiSquareHomogeneity.test(c.categories("reference"),
                c.categories("current"), MissingValues.valueOf(c.get("missing")));

        assertThat(result.degreesOfFreedom()).isEqualTo(Integer.parseInt(c.get("dof")));
        assertThat(PsiOracle.close(result.statistic(), c.number("chi2"), 1e-14))
                .as("statistic %s vs %s", result.statistic(), c.number("chi2")).isTrue();
        assertThat(PsiOracle.close(result.pValue(), c.number("pvalue"), 1e-300))
                .as("p-value %s vs %s", result.pValue(), c.number("pvalue")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void lInfinity_matchesOracleAndNamesCategory(PsiOracle.Case c) {
        LInfinityResult result = LInfinity.distance(c.categories("reference"),
                c.categories("current"), MissingValues.valueOf(c.get("missing")));

        assertThat(PsiOracle.close(result.distance(), c.number("linf"), 1e-16))
                .as("distance %s vs %s", result.distance(), c.number("linf")).isTrue();
        assertThat(result.category()).isEqualTo(c.get("linf_category"));
    }
}
