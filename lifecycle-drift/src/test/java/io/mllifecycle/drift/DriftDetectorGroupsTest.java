package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link DriftDetector#compareGroups}: one correction over groups × columns. */
class DriftDetectorGroupsTest {
    private final Random random = new Random(5);

    private double[] normal(int n, double mean) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + random.nextGaussian();
        }
        return v;
    }

    @Test
    void adjustedPValues_areTheCorrectionOfAllRawPValuesTogether() {
        Map<String, ReferenceProfile> ref = Map.of("x", ReferenceProfile.numeric("x", normal(2_000, 0)),
                "y", ReferenceProfile.numeric("y", normal(2_000, 0)));
        Map<String, Table> current = new LinkedHashMap<>();
        current.put("a", Table.builder().numeric("x", normal(200, 0.3)).numeric("y", normal(200, 0)).build());
        current.put("b", Table.builder().numeric("x", normal(200, 0)).numeric("y", normal(200, 0.1)).build());
        current.put("c", Table.builder().numeric("x", normal(200, 0)).numeric("y", normal(200, 0)).build());
        DriftDetector detector = DriftDetector.builder().build();
        Map<String, DriftReport> reports = detector.compareGroups(Map.of("a", ref, "b", ref, "c", ref), current);
        assertThat(reports.keySet()).containsExactly("a", "b", "c");
        List<Double> raw = new ArrayList<>();
        List<Double> adjusted = new ArrayList<>();
        reports.values().forEach(r -> r.columns().forEach(c -> {
            TestOutcome ks = c.outcome(DriftTest.KS).orElseThrow();
            raw.add(ks.pValue());
            adjusted.add(ks.adjustedPValue());
        }));
        double[] expected = Correction.BENJAMINI_HOCHBERG.adjust(raw.stream().mapToDouble(Double::doubleValue).toArray());
        assertThat(adjusted).hasSize(6);
        for (int i = 0; i < expected.length; i++) {
            assertThat(adjusted.get(i)).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-15));
        }
        // each group alone is corrected over 2 tests only: the joint family is never less strict
        for (String g : current.keySet()) {
            DriftReport alone = detector.compare(ref, current.get(g));
            for (ColumnReport c : alone.columns()) {
                assertThat(reports.get(g).column(c.column()).outcome(DriftTest.KS).orElseThrow().adjustedPValue())
                        .isGreaterThanOrEqualTo(c.outcome(DriftTest.KS).orElseThrow().adjustedPValue());
            }
        }
        assertThat(reports.get("a").column("x").verdict()).isEqualTo(Verdict.DRIFT);
    }

    @Test
    void groupWithoutProfiles_isRejectedNamingIt() {
        Map<String, ReferenceProfile> ref = Map.of("x", ReferenceProfile.numeric("x", normal(100, 0)));
        assertThatThrownBy(() -> DriftDetector.builder().build().compareGroups(Map.of("a", ref),
                Map.of("b", Table.builder().numeric("x", normal(50, 0)).build())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group 'b'");
    }
}
