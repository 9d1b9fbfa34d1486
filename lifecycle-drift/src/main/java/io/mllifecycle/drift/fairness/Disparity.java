package io.mllifecycle.drift.fairness;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A between-groups comparison of one rate (a difference max − min or a ratio min / max), or the
 * statement that it is undefined (fewer than two groups define the rate, or a ratio whose largest
 * rate is 0). Never {@code NaN}.
 */
public sealed interface Disparity permits Disparity.Defined, Disparity.Undefined {

    /** Whether the comparison has a value. */
    boolean isDefined();

    /** The value if defined, else empty. */
    OptionalDouble valueIfDefined();

    /**
     * The value.
     *
     * @throws IllegalStateException if undefined (the message says why)
     */
    double valueOrThrow();

    /**
     * A defined comparison.
     *
     * @param value          the difference (in [0, 1]) or ratio (in [0, 1])
     * @param highestGroup   a group with the largest rate
     * @param lowestGroup    a group with the smallest rate
     * @param excludedGroups groups left out because the rate is undefined for them, in group order
     */
    record Defined(double value, String highestGroup, String lowestGroup, List<String> excludedGroups)
            implements Disparity {
        /** @throws IllegalArgumentException if {@code value} is outside [0, 1] or a group is null */
        public Defined {
            if (!(value >= 0.0 && value <= 1.0)) {
                throw new IllegalArgumentException("value must be in [0, 1], but was " + value);
            }
            if (highestGroup == null || lowestGroup == null || excludedGroups == null) {
                throw new IllegalArgumentException("groups must not be null");
            }
            excludedGroups = List.copyOf(excludedGroups);
        }

        @Override
        public boolean isDefined() {
            return true;
        }

        @Override
        public OptionalDouble valueIfDefined() {
            return OptionalDouble.of(value);
        }

        @Override
        public double valueOrThrow() {
            return value;
        }
    }

    /**
     * An undefined comparison.
     *
     * @param reason why, e.g. "only group 'a' has actual positives"
     */
    record Undefined(String reason) implements Disparity {
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
            throw new IllegalStateException("the disparity is undefined: " + reason);
        }
    }
}
