package io.mllifecycle.drift.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CBPE on generated data where the truth is known: P(y = 1 | x) = σ(2x − 0.5), the model scores
 * σ(3x − 0.75) (right ranking, over-confident: the isotonic calibration has work to do), reference
 * x ~ N(0, 1).
 */
class CbpeTest {

    private static final Logger LOG = LoggerFactory.getLogger(CbpeTest.class);
    private static final int WINDOWS = 40;
    private static final int WINDOW = 1_000;

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double score(double x) {
        return sigmoid(3 * x - 0.75);
    }

    private record Window(double[] scores, boolean[] labels) {}

    private interface Truth {
        double probability(double x);
    }

    private static Window window(SplittableRandom rng, int n, double meanX, Truth truth) {
        double[] s = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            double x = meanX + rng.nextGaussian();
            s[i] = score(x);
            y[i] = rng.nextDouble() < truth.probability(x);
        }
        return new Window(s, y);
    }

    private static Cbpe fitted(SplittableRandom rng) {
        return fitted(rng, 3.0);
    }

    private static Cbpe fitted(SplittableRandom rng, double bandWidth) {
        Window ref = window(rng, 20_000, 0.0, x -> sigmoid(2 * x - 0.5));
        return Cbpe.builder().seed(7).bandWidth(bandWidth).fit(ref.scores(), ref.labels());
    }

    /** With NannyML's ±3 sampling errors, and with a narrower ±2 to show the sampling error is not inflated. */
    @org.junit.jupiter.params.ParameterizedTest(name = "band ±{0} sampling errors")
    @org.junit.jupiter.params.provider.ValueSource(doubles = {3.0, 2.0})
    void covariateShift_estimateLandsInItsBandInAtLeast90PercentOfWindows(double bandWidth) {
        SplittableRandom rng = new SplittableRandom(2026);
        Cbpe cbpe = fitted(rng, bandWidth);
        Map<Metric, Integer> covered = new EnumMap<>(Metric.class);
        Map<Metric, Integer> compared = new EnumMap<>(Metric.class);
        double minAccuracy = 1;
        double maxAccuracy = 0;
        for (int w = 0; w < WINDOWS; w++) {
            double shift = -1.0 + 2.0 * w / (WINDOWS - 1); // the inputs move from mean −1 to +1
            Window win = window(rng, WINDOW, shift, x -> sigmoid(2 * x - 0.5));
            PerformanceEstimate est = cbpe.estimate(win.scores());
            Map<Metric, Double> real = cbpe.realised(win.scores(), win.labels());
            for (Map.Entry<Metric, Double> e : real.entrySet()) {
                est.get(e.getKey()).ifPresent(m -> {
                    compared.merge(e.getKey(), 1, Integer::sum);
                    covered.merge(e.getKey(), m.covers(e.getValue()) ? 1 : 0, Integer::sum);
                });
            }
            minAccuracy = Math.min(minAccuracy, real.get(Metric.ACCURACY));
            maxAccuracy = Math.max(maxAccuracy, real.get(Metric.ACCURACY));
        }
        LOG.info("CBPE under covariate shift, {} windows of {}, band ±{} sampling errors: windows within the band "
                + "{} of {}; realised accuracy ranged {} .. {}", WINDOWS, WINDOW, bandWidth, covered, compared,
                minAccuracy, maxAccuracy);
        assertThat(maxAccuracy - minAccuracy).as("the shift changes performance").isGreaterThan(0.05);
        for (Metric m : Metric.values()) {
            assertThat(compared.get(m)).as("%s compared", m).isEqualTo(WINDOWS);
            assertThat(covered.get(m)).as("%s windows within the band", m).isGreaterThanOrEqualTo((int) Math.ceil(0.9 * WINDOWS));
        }
    }

    @Test
    void conceptDrift_estimateIsBlind() {
        SplittableRandom rng = new SplittableRandom(2027);
        Cbpe cbpe = fitted(rng);
        double referenceLevel = cbpe.estimate(window(rng, 20_000, 0.0, x -> 0.5).scores())
                .get(Metric.ACCURACY).orElseThrow().value();
        int outside = 0;
        double maxEstimateMove = 0;
        double sumRealised = 0;
        for (int w = 0; w < WINDOWS; w++) {
            // same inputs, but the relation weakens and flips: P(y | x) = σ(−(2x − 0.5))
            Window win = window(rng, WINDOW, 0.0, x -> sigmoid(-(2 * x - 0.5)));
            MetricEstimate est = cbpe.estimate(win.scores()).get(Metric.ACCURACY).orElseThrow();
            double realised = cbpe.realised(win.scores(), win.labels()).get(Metric.ACCURACY);
            outside += est.covers(realised) ? 0 : 1;
            maxEstimateMove = Math.max(maxEstimateMove, Math.abs(est.value() - referenceLevel));
            sumRealised += realised;
        }
        LOG.info("CBPE under concept drift: estimated accuracy stays within {} of the reference level {}, while "
                + "mean realised accuracy is {}; realised outside the band in {} of {} windows",
                maxEstimateMove, referenceLevel, sumRealised / WINDOWS, outside, WINDOWS);
        assertThat(maxEstimateMove).isLessThan(0.05);
        assertThat(sumRealised / WINDOWS).isLessThan(referenceLevel - 0.2);
        assertThat(outside).isEqualTo(WINDOWS);
    }

    @Test
    void isotonic_poolsViolatorsAndInterpolates() {
        IsotonicCalibration c = IsotonicCalibration.fit(new double[] {4, 1, 3, 2}, new boolean[] {true, true, true, false});
        assertThat(c.probability(0.0)).isEqualTo(0.5); // clipped below the fitted range
        assertThat(c.probability(1.5)).isEqualTo(0.5);
        assertThat(c.probability(2.5)).isEqualTo(0.75);
        assertThat(c.probability(3.0)).isEqualTo(1.0);
        assertThat(c.probability(9.0)).isEqualTo(1.0);
    }

    @Test
    void undefinedMetricsAndBadInput() {
        Cbpe cbpe = Cbpe.builder().threshold(0.9).fit(new double[] {0.1, 0.2, 0.3, 0.4}, new boolean[] {false, true, false, true});
        PerformanceEstimate e = cbpe.estimate(new double[] {0.1, 0.2});
        assertThat(e.get(Metric.PRECISION)).isEmpty();
        assertThat(e.undefined()).containsEntry(Metric.PRECISION, "no row is predicted positive");
        assertThat(e.get(Metric.ACCURACY)).isPresent();
        assertThatThrownBy(() -> cbpe.estimate(new double[] {0.1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("scores[1] must be finite, but was NaN");
        assertThatThrownBy(() -> Cbpe.builder().fit(new double[] {0.1, 0.2}, new boolean[] {true, true}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both classes");
        assertThatThrownBy(() -> cbpe.realised(new double[] {0.1}, new boolean[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length of scores");
        assertThatThrownBy(() -> Cbpe.builder().bandWidth(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bandWidth must be positive and finite, but was 0.0");
    }
}
