package io.mllifecycle.store;

/** What a run used a dataset version for. */
public enum DatasetRole {
    TRAINING, VALIDATION, TEST, REFERENCE
}
