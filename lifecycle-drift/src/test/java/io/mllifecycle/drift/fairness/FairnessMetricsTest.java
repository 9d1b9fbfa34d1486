package io.mllifecycle.drift.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mllifecycle.drift.OracleCases;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Against the fixtures of src/test/oracle/make_abtest_fairness_oracle.py (oracle/fairness.tsv). */
class FairnessMetricsTest {

    static Stream<Map<String, String>> cases() {
        return OracleCases.read("fairness.tsv").stream();
    }

    @ParameterizedTest(name = "fixture {index}")
    @MethodSource("cases")
    void compute_matchesTheFormulasOnTheFixture(Map<String, String> c) {
        boolean[] labels = bits(c.get("labels"));
        boolean[] predictions = bits(c.get("predictions"));
        String[] groups = c.get("groups").split(",");
        FairnessReport r = FairnessMetrics.compute(labels, predictions, groups);

        List<String> expectedGroups = c.keySet().stream().filter(k -> k.startsWith("group."))
                .map(k -> k.substring(6)).sorted().toList();
        assertThat(r.groups()).extracting(GroupRates::group).containsExactlyElementsOf(expectedGroups);
        for (GroupRates g : r.groups()) {
            long[] e = Arrays.stream(c.get("group." + g.group()).split(",")).mapToLong(Long::parseLong).toArray();
            assertThat(new long[] {g.count(), g.actualPositives(), g.predictedPositives(), g.truePositives(),
                    g.falsePositives()}).as("counts of %s", g.group()).containsExactly(e);
            assertThat(g.selectionRate().valueOrThrow()).isEqualTo((double) e[2] / e[0]);
            assertThat(g.truePositiveRate().isDefined()).isEqualTo(e[1] > 0);
            assertThat(g.falsePositiveRate().isDefined()).isEqualTo(e[0] - e[1] > 0);
        }
        check(r.demographicParityDifference(), c, "demographicParityDifference");
        check(r.demographicParityRatio(), c, "demographicParityRatio");
        check(r.truePositiveRateDifference(), c, "truePositiveRateDifference");
        check(r.equalOpportunityDifference(), c, "truePositiveRateDifference");
        check(r.falsePositiveRateDifference(), c, "falsePositiveRateDifference");
        check(r.equalizedOddsDifference(), c, "equalizedOddsDifference");
    }

    private static void check(Disparity actual, Map<String, String> c, String key) {
        String expected = c.get(key);
        if (expected.equals("undefined")) {
            assertThat(actual).as(key).isInstanceOf(Disparity.Undefined.class);
            assertThat(actual.valueIfDefined()).isEmpty();
            assertThatThrownBy(actual::valueOrThrow).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("undefined");
            return;
        }
        assertThat(actual).as(key).isInstanceOf(Disparity.Defined.class);
        assertThat(Math.abs(actual.valueOrThrow() - Double.parseDouble(expected))).as(key).isLessThanOrEqualTo(1e-15);
        if (c.containsKey(key + ".excluded")) {
            String excluded = c.get(key + ".excluded");
            assertThat(((Disparity.Defined) actual).excludedGroups()).as(key + " excluded")
                    .containsExactlyElementsOf(excluded.isEmpty() ? List.of() : List.of(excluded.split(",")));
        }
    }

    @Test
    void groupWithoutPositives_isUndefinedNotZero() {
        // group b has no actual positives: Fairlearn (via scikit-learn's nan_to_num) would give it TPR 0
        // and an equal opportunity difference of 1
        boolean[] labels = {true, true, false, false, false, false};
        boolean[] predictions = {true, true, false, true, false, false};
        String[] groups = {"a", "a", "a", "b", "b", "b"};
        FairnessReport r = FairnessMetrics.compute(labels, predictions, groups);
        GroupRates b = r.group("b").orElseThrow();
        assertThat(b.truePositiveRate()).isEqualTo(new Rate.Undefined("group 'b' has no actual positives"));
        assertThat(b.truePositiveRate().valueIfDefined()).isEmpty();
        assertThat(r.equalOpportunityDifference()).isInstanceOf(Disparity.Undefined.class);
        assertThat(((Disparity.Undefined) r.equalOpportunityDifference()).reason())
                .isEqualTo("only group 'a' has actual positives; a difference needs two groups");
        assertThat(r.equalizedOddsDifference().isDefined()).isFalse();
        assertThat(r.falsePositiveRateDifference().valueOrThrow()).isEqualTo(1.0 / 3);
        assertThat(r.definedDisparities()).containsOnlyKeys("demographic_parity_difference",
                "demographic_parity_ratio", "false_positive_rate_difference");
    }

    @Test
    void compute_badInput_namesTheArgument() {
        assertThatThrownBy(() -> FairnessMetrics.compute(new boolean[2], new boolean[2], new String[] {"a", null}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("groups[1] must not be null");
        assertThatThrownBy(() -> FairnessMetrics.compute(new boolean[2], new boolean[3], new String[] {"a", "b"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels, predictions and groups must have the same length, but had 2, 3 and 2");
        assertThatThrownBy(() -> FairnessMetrics.compute(new boolean[0], new boolean[0], new String[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("labels must not be empty");
        assertThatThrownBy(() -> new GroupRates("g", 3, 1, 2, 2, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group 'g' has inconsistent counts");
        GroupRates g = new GroupRates("g", 3, 1, 1, 1, 0);
        assertThatThrownBy(() -> FairnessMetrics.of(List.of(g, g)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("group 'g' appears twice in groups");
    }

    private static boolean[] bits(String s) {
        boolean[] out = new boolean[s.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.charAt(i) == '1';
        }
        return out;
    }
}
