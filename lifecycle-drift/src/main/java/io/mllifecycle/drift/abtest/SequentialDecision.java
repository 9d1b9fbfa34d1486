package io.mllifecycle.drift.abtest;

import java.util.Optional;

/**
 * The state of a {@link SequentialAbTest} after one look at the data.
 *
 * @param controlCount       control outcomes seen
 * @param treatmentCount     treatment outcomes seen
 * @param difference         treatment − control estimate (rate or mean); 0 before any outcome
 * @param logLikelihoodRatio log Λ of the mixture SPRT at this look; −∞ before the minimum sample
 * @param alwaysValidPValue  min over all looks so far of min(1, 1/Λ), in [0, 1]: P(it ever drops to
 *                           α or below | no difference) ≤ α, however often it is read
 * @param confidenceLower    lower end of the always-valid (1 − α) confidence interval for the
 *                           difference at this look (−∞ before the minimum sample)
 * @param confidenceUpper    upper end (+∞ before the minimum sample)
 * @param stoppedAt          the first look at which {@code alwaysValidPValue ≤ α}, if any: the
 *                           sample sizes at which the test may stop
 */
public record SequentialDecision(long controlCount, long treatmentCount, double difference,
        double logLikelihoodRatio, double alwaysValidPValue, double confidenceLower, double confidenceUpper,
        Optional<StoppingPoint> stoppedAt) {

    /** @throws IllegalArgumentException if a component is out of range */
    public SequentialDecision {
        if (controlCount < 0 || treatmentCount < 0) {
            throw new IllegalArgumentException("counts must be >= 0, but were " + controlCount + " and " + treatmentCount);
        }
        if (!Double.isFinite(difference) || Double.isNaN(logLikelihoodRatio)) {
            throw new IllegalArgumentException("difference must be finite and logLikelihoodRatio not NaN, but were "
                    + difference + " and " + logLikelihoodRatio);
        }
        if (!(alwaysValidPValue >= 0.0 && alwaysValidPValue <= 1.0)) {
            throw new IllegalArgumentException("alwaysValidPValue must be in [0, 1], but was " + alwaysValidPValue);
        }
        if (!(confidenceLower <= confidenceUpper)) {
            throw new IllegalArgumentException("confidenceLower must be <= confidenceUpper, but were "
                    + confidenceLower + " and " + confidenceUpper);
        }
        if (stoppedAt == null) {
            throw new IllegalArgumentException("stoppedAt must not be null (use Optional.empty())");
        }
    }

    /** Whether the test has rejected "no difference" at some look (the always-valid p-value reached α). */
    public boolean rejected() {
        return stoppedAt.isPresent();
    }

    /**
     * The sample sizes of the first look at which the test rejected.
     *
     * @param controlCount   control outcomes at that look
     * @param treatmentCount treatment outcomes at that look
     */
    public record StoppingPoint(long controlCount, long treatmentCount) {
        /** @throws IllegalArgumentException if a count is negative */
        public StoppingPoint {
            if (controlCount < 0 || treatmentCount < 0) {
                throw new IllegalArgumentException("counts must be >= 0, but were " + controlCount + " and " + treatmentCount);
            }
        }

        /** Both arms together. */
        public long total() {
            return controlCount + treatmentCount;
        }
    }
}
