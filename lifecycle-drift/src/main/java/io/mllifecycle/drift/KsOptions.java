package io.mllifecycle.drift;

/**
 * Options of {@link KolmogorovSmirnov#twoSample(double[], double[], KsOptions)}.
 *
 * <p>Start from {@link #defaults()} ({@link KsMethod#AUTO}, {@link KsAlternative#TWO_SIDED},
 * {@link NanPolicy#REJECT}) and change what you need:
 * {@code KsOptions.defaults().withAlternative(KsAlternative.LESS)}.
 *
 * @param method      how the p-value is computed, not null
 * @param alternative the alternative hypothesis, not null
 * @param nanPolicy   what a {@code NaN} in an input array does, not null
 */
public record KsOptions(KsMethod method, KsAlternative alternative, NanPolicy nanPolicy) {

    private static final KsOptions DEFAULTS =
            new KsOptions(KsMethod.AUTO, KsAlternative.TWO_SIDED, NanPolicy.REJECT);

    /** @throws IllegalArgumentException if any component is null */
    public KsOptions {
        if (method == null) {
            throw new IllegalArgumentException("method must not be null (use KsMethod.AUTO)");
        }
        if (alternative == null) {
            throw new IllegalArgumentException("alternative must not be null (use KsAlternative.TWO_SIDED)");
        }
        if (nanPolicy == null) {
            throw new IllegalArgumentException("nanPolicy must not be null (use NanPolicy.REJECT)");
        }
    }

    /** AUTO method, two-sided, NaN rejected. */
    public static KsOptions defaults() {
        return DEFAULTS;
    }

    /** These options with another method. */
    public KsOptions withMethod(KsMethod newMethod) {
        return new KsOptions(newMethod, alternative, nanPolicy);
    }

    /** These options with another alternative. */
    public KsOptions withAlternative(KsAlternative newAlternative) {
        return new KsOptions(method, newAlternative, nanPolicy);
    }

    /** These options with another NaN policy. */
    public KsOptions withNanPolicy(NanPolicy newPolicy) {
        return new KsOptions(method, alternative, newPolicy);
    }
}
