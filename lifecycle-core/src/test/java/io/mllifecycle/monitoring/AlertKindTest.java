package io.mllifecycle.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.drift.DriftTest;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which kind of alert each built-in rule raises; data quality alerts are tested in {@code DataQualityStoreTest}. */
class AlertKindTest {
    @Test
    void builtInRules_sayWhatTheirAlertsAreAbout() {
        assertThat(AlertRules.driftVerdict().kind()).isEqualTo(Alert.Kind.DRIFT);
        assertThat(AlertRules.statisticAbove(DriftTest.PSI, 0.25, 2).kind()).isEqualTo(Alert.Kind.DRIFT);
        assertThat(AlertRules.missingRateJump(0.05).kind()).isEqualTo(Alert.Kind.DRIFT);
        assertThat(AlertRules.metricBelow("perf.accuracy", 0.9, 1).kind()).isEqualTo(Alert.Kind.METRIC);
        assertThat(AlertRules.metricAbove("perf.rmse", 3, 1).kind()).isEqualTo(Alert.Kind.METRIC);
    }

    @Test
    void hostRule_withoutAKind_isCustom_asIsTheShortConstructor() {
        AlertRule rule = new AlertRule() {
            @Override
            public String name() {
                return "mine";
            }

            @Override
            public int windows() {
                return 1;
            }

            @Override
            public Optional<String> breach(WindowResult window) {
                return Optional.empty();
            }
        };
        assertThat(rule.kind()).isEqualTo(Alert.Kind.CUSTOM);
        assertThat(new Alert("m", 1, "r", 0, Instant.EPOCH, "x").kind()).isEqualTo(Alert.Kind.CUSTOM);
    }
}
