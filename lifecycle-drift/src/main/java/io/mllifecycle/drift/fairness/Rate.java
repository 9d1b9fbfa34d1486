package io.mllifecycle.drift.fairness;

import java.util.OptionalDouble;

/**
 * A proportion {@code numerator / denominator} of one group, or the statement that the group's data
 * do not define it (its denominator is 0: no actual positives for a true positive rate, no actual
 * negatives for a false positive rate). Never {@code NaN}.
 */
public sealed interface Rate permits Rate.Defined, Rate.Undefined {

    /** Whether the rate has a value. */
    boolean isDefined();

    /** The value if defined, else empty. */
    OptionalDouble valueIfDefined();

    /**
     * The value.
     *
     * @throws IllegalStateException if the rate is undefined (the message says why)
     */
    double valueOrThrow();

    /** The rate of {@code numerator} out of {@code denominator}, undefined with {@code reason} if the denominator is 0. */
    static Rate of(long numerator, long denominator, String reason) {
        if (denominator == 0) {
            return new Undefined(reason);
        }
        return new Defined(numerator, denominator);
    }

    /**
     * A defined rate.
     *
     * @param numerator   the count in the numerator, in [0, denominator]
     * @param denominator the count in the denominator, at least 1
     */
    record Defined(long numerator, long denominator) implements Rate {
        /** @throws IllegalArgumentException unless 0 ≤ numerator ≤ denominator and denominator ≥ 1 */
        public Defined {
            if (denominator < 1 || numerator < 0 || numerator > denominator) {
                throw new IllegalArgumentException("a rate needs 0 <= numerator <= denominator and denominator >= 1, "
                        + "but numerator was " + numerator + " and denominator " + denominator);
            }
        }

        /** numerator / denominator, in [0, 1]. */
        public double rate() {
            return (double) numerator / denominator;
        }

        @Override
        public boolean isDefined() {
            return true;
        }

        @Override
        public OptionalDouble valueIfDefined() {
            return OptionalDouble.of(rate());
        }

        @Override
        public double valueOrThrow() {
            return rate();
        }
    }

    /**
     * An undefined rate.
     *
     * @param reason why it is undefined, e.g. "group 'b' has no actual positives"
     */
    record Undefined(String reason) implements Rate {
        /** @throws IllegalArgumentException if {@code reason} is null or blank */
        public Undefined {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("reason must not be blank, but was '" + reason + "'");
            }
        }

        @Override
        public boolean isDefined() {
            return false;
        }

        @Override
        public OptionalDouble valueIfDefined() {
            return OptionalDouble.empty();
        }

        @Override
        public double valueOrThrow() {
            throw new IllegalStateException("the rate is undefined: " + reason);
        }
    }
}
