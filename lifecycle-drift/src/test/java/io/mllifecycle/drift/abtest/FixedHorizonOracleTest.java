package io.mllifecycle.drift.abtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.drift.OracleCases;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fixed-horizon tests against SciPy (oracle/abtest.tsv, src/test/oracle/make_abtest_fairness_oracle.py). */
class FixedHorizonOracleTest {

    static Stream<Map<String, String>> zCases() {
        return OracleCases.read("abtest.tsv").stream().filter(c -> c.get("case").startsWith("z_"));
    }

    static Stream<Map<String, String>> tCases() {
        return OracleCases.read("abtest.tsv").stream().filter(c -> c.get("case").startsWith("t_"));
    }

    private static Alternative alternative(Map<String, String> c) {
        return switch (c.get("alternative")) {
            case "two-sided" -> Alternative.TWO_SIDED;
            case "greater" -> Alternative.GREATER;
            default -> Alternative.LESS;
        };
    }

    private static double number(Map<String, String> c, String key) {
        return Double.parseDouble(c.get(key));
    }

    /** |a − e| ≤ 1e-12 |e| + 1e-15, or relative 1e-9 for p-values below 1e-4 (SciPy's tail). */
    private static void close(String what, double actual, double expected) {
        double tolerance = Math.abs(expected) < 1e-4 ? 1e-9 * Math.abs(expected) + 1e-300 : 1e-12 * Math.abs(expected) + 1e-15;
        assertThat(Math.abs(actual - expected)).as("%s: %s against SciPy's %s", what, actual, expected)
                .isLessThanOrEqualTo(tolerance);
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("zCases")
    void twoProportionZ_matchesSciPy(Map<String, String> c) {
        long[] k = Arrays.stream(c.get("counts").split(",")).mapToLong(Long::parseLong).toArray();
        ZTestResult r = TwoProportionZTest.test(new Conversions(k[0], k[1]), new Conversions(k[2], k[3]), alternative(c));
        close("z", r.z(), number(c, "z"));
        close("se", r.standardError(), number(c, "se"));
        close("p", r.pValue(), number(c, "p"));
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("tCases")
    void welch_matchesSciPy(Map<String, String> c) {
        double[] control = Arrays.stream(c.get("control").split(",")).mapToDouble(Double::parseDouble).toArray();
        double[] treatment = Arrays.stream(c.get("treatment").split(",")).mapToDouble(Double::parseDouble).toArray();
        WelchResult r = WelchTTest.test(control, treatment, alternative(c));
        // far from zero SciPy's own float64 means carry ~1e-10 relative error in t; allow for it there
        double tTolerance = c.get("case").contains("far_from_zero") ? 1e-8 : 1e-12;
        assertThat(Math.abs(r.t() - number(c, "t"))).as("t %s against %s", r.t(), number(c, "t"))
                .isLessThanOrEqualTo(tTolerance * Math.abs(number(c, "t")));
        close("df", r.degreesOfFreedom(), number(c, "df"));
        if (!c.get("case").contains("far_from_zero")) {
            close("p", r.pValue(), number(c, "p"));
        } else {
            assertThat(Math.abs(r.pValue() - number(c, "p"))).isLessThanOrEqualTo(1e-8);
        }
    }

    @Test
    void badInput_namesTheArgument() {
        assertThatThrownBy(() -> new Conversions(5, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conversions need 0 <= successes <= trials, but successes was 5 and trials 3");
        assertThatThrownBy(() -> TwoProportionZTest.test(new Conversions(0, 10), new Conversions(0, 20)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no variation");
        assertThatThrownBy(() -> TwoProportionZTest.test(new Conversions(0, 0), new Conversions(0, 20)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one trial");
        assertThatThrownBy(() -> WelchTTest.test(new double[] {1, Double.NaN}, new double[] {1, 2}, Alternative.LESS))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("control[1] must be finite, but was NaN");
        assertThatThrownBy(() -> WelchTTest.test(new double[] {1}, new double[] {1, 2}, Alternative.LESS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 outcomes");
        assertThatThrownBy(() -> WelchTTest.test(new double[] {1, 1}, new double[] {2, 2}, Alternative.LESS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("variance 0");
        assertThatThrownBy(() -> new SampleSummary(3, 1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("variance must be finite and >= 0, but was -1.0");
    }
}
