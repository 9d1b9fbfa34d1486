package io.mllifecycle.drift.abtest;

/** The alternative hypothesis about the treatment-minus-control difference, as SciPy's {@code alternative}. */
public enum Alternative {
    /** The treatment differs from the control. */
    TWO_SIDED,
    /** The treatment is greater than the control. */
    GREATER,
    /** The treatment is less than the control. */
    LESS
}
