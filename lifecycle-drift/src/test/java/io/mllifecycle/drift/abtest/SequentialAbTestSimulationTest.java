package io.mllifecycle.drift.abtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mixture SPRT under continuous monitoring, by simulation with fixed seeds: 2 000 replicates of
 * 10 000 outcomes per arm, looked at after every 100 outcomes per arm (100 looks), against the
 * fixed-horizon test read at the same looks.
 */
class SequentialAbTestSimulationTest {

    private static final Logger LOG = LoggerFactory.getLogger(SequentialAbTestSimulationTest.class);
    private static final int REPLICATES = 2_000;
    private static final int PER_ARM = 10_000;
    private static final int LOOK_EVERY = 100;
    private static final double ALPHA = 0.05;

    /** Rejections of one simulated experiment: by the sequential test and by the naive peeked one; stop size. */
    private record Run(boolean sequential, boolean naive, long stoppedAtTotal) {}

    private static Run conversions(SplittableRandom rng, double control, double treatment, double tau) {
        SequentialAbTest test = SequentialAbTest.conversions().alpha(ALPHA).mixingStandardDeviation(tau).build();
        long sc = 0;
        long st = 0;
        boolean naive = false;
        for (int n = LOOK_EVERY; n <= PER_ARM; n += LOOK_EVERY) {
            for (int i = 0; i < LOOK_EVERY; i++) {
                if (rng.nextDouble() < control) {
                    sc++;
                }
                if (rng.nextDouble() < treatment) {
                    st++;
                }
            }
            Conversions c = new Conversions(sc, n);
            Conversions t = new Conversions(st, n);
            test.update(c, t);
            if (!naive && sc + st > 0 && sc + st < 2L * n) {
                naive = TwoProportionZTest.test(c, t).pValue() <= ALPHA;
            }
        }
        SequentialDecision d = test.last();
        return new Run(d.rejected(), naive, d.stoppedAt().map(SequentialDecision.StoppingPoint::total).orElse(-1L));
    }

    private static Run means(SplittableRandom rng, double lift, double tau) {
        SequentialAbTest test = SequentialAbTest.means().alpha(ALPHA).mixingStandardDeviation(tau).build();
        // running sums around 0 (the data are N(0, 1) and N(lift, 1): no cancellation to fear here)
        double sumC = 0;
        double sqC = 0;
        double sumT = 0;
        double sqT = 0;
        boolean naive = false;
        for (int n = LOOK_EVERY; n <= PER_ARM; n += LOOK_EVERY) {
            for (int i = 0; i < LOOK_EVERY; i++) {
                double c = rng.nextGaussian();
                double t = lift + rng.nextGaussian();
                sumC += c;
                sqC += c * c;
                sumT += t;
                sqT += t * t;
            }
            SampleSummary c = summary(n, sumC, sqC);
            SampleSummary t = summary(n, sumT, sqT);
            test.update(c, t);
            if (!naive) {
                naive = WelchTTest.test(c, t, Alternative.TWO_SIDED).pValue() <= ALPHA;
            }
        }
        SequentialDecision d = test.last();
        return new Run(d.rejected(), naive, d.stoppedAt().map(SequentialDecision.StoppingPoint::total).orElse(-1L));
    }

    private static SampleSummary summary(long n, double sum, double squares) {
        double mean = sum / n;
        return new SampleSummary(n, mean, Math.max(0.0, (squares - n * mean * mean) / (n - 1)));
    }

    private interface Experiment {
        Run run(SplittableRandom rng);
    }

    private static double[] rates(long seed, Experiment e, long[] stops) {
        SplittableRandom root = new SplittableRandom(seed);
        int sequential = 0;
        int naive = 0;
        for (int r = 0; r < REPLICATES; r++) {
            Run run = e.run(root.split());
            sequential += run.sequential() ? 1 : 0;
            naive += run.naive() ? 1 : 0;
            if (stops != null) {
                stops[r] = run.stoppedAtTotal();
            }
        }
        return new double[] {(double) sequential / REPLICATES, (double) naive / REPLICATES};
    }

    @Test
    void noDifference_conversions_sequentialKeepsAlphaWhileNaivePeekingExceedsIt() {
        double[] fpr = rates(11, rng -> conversions(rng, 0.10, 0.10, 0.02), null);
        LOG.info("conversions 10% vs 10%, {} replicates x {} per arm, a look every {}: false-positive rate "
                + "mSPRT {} (alpha {}), naive z-test peeked {}", REPLICATES, PER_ARM, LOOK_EVERY, fpr[0], ALPHA, fpr[1]);
        assertThat(fpr[0]).isLessThanOrEqualTo(ALPHA);
        assertThat(fpr[1]).isGreaterThan(ALPHA);
    }

    @Test
    void noDifference_means_sequentialKeepsAlphaWhileNaivePeekingExceedsIt() {
        double[] fpr = rates(12, rng -> means(rng, 0.0, 0.05), null);
        LOG.info("means N(0,1) vs N(0,1), {} replicates x {} per arm, a look every {}: false-positive rate "
                + "mSPRT {} (alpha {}), naive Welch t peeked {}", REPLICATES, PER_ARM, LOOK_EVERY, fpr[0], ALPHA, fpr[1]);
        assertThat(fpr[0]).isLessThanOrEqualTo(ALPHA);
        assertThat(fpr[1]).isGreaterThan(ALPHA);
    }

    @Test
    void realLift_conversions_sequentialStopsAndReportsTheSampleSize() {
        long[] stops = new long[REPLICATES];
        double[] power = rates(13, rng -> conversions(rng, 0.10, 0.12, 0.02), stops);
        long[] stopped = Arrays.stream(stops).filter(s -> s > 0).sorted().toArray();
        long median = stopped[stopped.length / 2];
        LOG.info("conversions 10% vs 12%: mSPRT rejected in {} of replicates, median stop at {} outcomes "
                + "(both arms; {} per arm at most)", power[0], median, PER_ARM);
        assertThat(power[0]).isGreaterThanOrEqualTo(0.8);
        assertThat(median).isLessThan(2L * PER_ARM);
        Run one = conversions(new SplittableRandom(99), 0.10, 0.12, 0.02);
        assertThat(one.sequential()).isTrue();
        assertThat(one.stoppedAtTotal()).isBetween(2L * LOOK_EVERY, 2L * PER_ARM);
    }

    @Test
    void realLift_means_sequentialStopsAndReportsTheSampleSize() {
        long[] stops = new long[REPLICATES];
        double[] power = rates(14, rng -> means(rng, 0.06, 0.05), stops);
        long[] stopped = Arrays.stream(stops).filter(s -> s > 0).sorted().toArray();
        long median = stopped[stopped.length / 2];
        LOG.info("means N(0,1) vs N(0.06,1): mSPRT rejected in {} of replicates, median stop at {} outcomes",
                power[0], median);
        assertThat(power[0]).isGreaterThanOrEqualTo(0.8);
        assertThat(median).isLessThan(2L * PER_ARM);
    }

    @Test
    void decision_confidenceIntervalCoversTheTruthAndTheStateResumes() {
        SequentialAbTest.Builder options = SequentialAbTest.conversions().alpha(ALPHA).mixingStandardDeviation(0.02);
        SequentialAbTest test = options.build();
        SequentialDecision early = test.update(new Conversions(5, 50), new Conversions(9, 50));
        assertThat(early.alwaysValidPValue()).isEqualTo(1.0);
        assertThat(early.confidenceLower()).isEqualTo(Double.NEGATIVE_INFINITY);
        SequentialDecision d = test.update(new Conversions(1000, 10_000), new Conversions(1200, 10_000));
        assertThat(d.difference()).isEqualTo(0.02, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(d.confidenceLower()).isLessThan(0.02).isGreaterThan(0.0);
        assertThat(d.confidenceUpper()).isGreaterThan(0.02);
        assertThat(d.rejected()).isTrue();
        assertThat(d.stoppedAt()).contains(new SequentialDecision.StoppingPoint(10_000, 10_000));
        SequentialAbTest resumed = options.resume(d);
        SequentialDecision later = resumed.update(new Conversions(1100, 11_000), new Conversions(1150, 11_000));
        assertThat(later.alwaysValidPValue()).isEqualTo(d.alwaysValidPValue()); // a running minimum
        assertThat(later.stoppedAt()).isEqualTo(d.stoppedAt());
        assertThatThrownBy(() -> resumed.update(new Conversions(10, 100), new Conversions(10, 100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcomes are cumulative");
        assertThatThrownBy(() -> resumed.update(new SampleSummary(200, 0, 1), new SampleSummary(200, 0, 1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SequentialAbTest.means().alpha(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alpha must be in (0, 1), but was 1.5");
        assertThatThrownBy(() -> SequentialAbTest.means().alpha(0.05).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mixingStandardDeviation must be set");
        assertThat(SequentialAbTest.logLikelihoodRatio(0.0, 1.0, 1.0)).isEqualTo(0.5 * Math.log(0.5));
    }
}
