package io.mllifecycle.retirement;

/** What a retirement plan does to one version. */
public enum RetirementAction {
    /** Leave it as it is. */
    KEEP,
    /** Move it to DEPRECATED. */
    DEPRECATE,
    /** Move it to RETIRED (metadata, lineage and audit trail are kept). */
    RETIRE,
    /** It is RETIRED and past the retention period: delete its artifact bytes, keep its metadata. */
    PURGE_ARTIFACT
}
