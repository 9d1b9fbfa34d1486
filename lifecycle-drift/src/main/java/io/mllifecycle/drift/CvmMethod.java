package io.mllifecycle.drift;

/** How {@link CramerVonMises} computes the p-value; SciPy's {@code method} of {@code cramervonmises_2samp}. */
public enum CvmMethod {
    /** {@link #EXACT} when both samples have at most 20 values, else {@link #ASYMPTOTIC} (SciPy's rule). */
    AUTO,
    /** The exact permutation distribution of the statistic (Xiao, Gordon &amp; Yakovlev 2006). */
    EXACT,
    /** Anderson's (1962) normalised statistic against the limiting one-sample distribution. */
    ASYMPTOTIC
}
