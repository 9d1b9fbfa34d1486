package io.mllifecycle.drift.estimation;

/** Binary-classification metrics that {@link Cbpe} estimates; the positive class is label {@code true}. */
public enum Metric {
    /** (TP + TN) / n. */
    ACCURACY,
    /** TP / (TP + FP); undefined without predicted positives. */
    PRECISION,
    /** TP / (TP + FN); undefined without actual positives. */
    RECALL,
    /** 2 TP / (2 TP + FP + FN); undefined when TP + FP + FN = 0. */
    F1,
    /** Area under the ROC curve of the scores (ties count one half); undefined unless both classes occur. */
    ROC_AUC
}
