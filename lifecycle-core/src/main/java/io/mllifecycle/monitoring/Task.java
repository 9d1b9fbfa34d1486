package io.mllifecycle.monitoring;

/** What the model predicts, which decides the performance metrics a monitor computes from labels. */
public enum Task {
    /**
     * Predictions are probabilities of the positive class, labels 0 or 1: {@code perf.accuracy} (at
     * threshold 0.5) and {@code perf.auc} (ties count half).
     */
    BINARY_CLASSIFICATION,
    /** Predictions and labels are numbers: {@code perf.rmse} and {@code perf.mae}. */
    REGRESSION
}
