package io.mllifecycle.monitoring;

import io.mllifecycle.store.spi.Checks;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A batch of production rows for a {@link Monitor}: a timestamp per row (non-decreasing), feature
 * columns ({@code double[]} with NaN for missing, {@code String[]} with null for missing), and
 * optionally the model's predictions and the true labels for performance metrics. Predictions may carry
 * request ids ({@link Builder#ids}) instead of labels: the labels then arrive later through
 * {@link Monitor#labels}.
 */
public final class ProductionBatch {
    private final Instant[] timestamps;
    private final Map<String, Object> features;
    private final double[] predictions;
    private final double[] labels;
    private final String[] ids;

    private ProductionBatch(Instant[] timestamps, Map<String, Object> features, double[] predictions, double[] labels,
                            String[] ids) {
        this.ids = ids;
        this.timestamps = timestamps;
        this.features = features;
        this.predictions = predictions;
        this.labels = labels;
    }

    /** @return a builder for rows at {@code timestamps} */
    public static Builder builder(Instant[] timestamps) {
        return new Builder(timestamps);
    }

    /** @return number of rows */
    public int size() {
        return timestamps.length;
    }

    Instant timestamp(int row) {
        return timestamps[row];
    }

    Map<String, Object> features() {
        return features;
    }

    double[] predictions() {
        return predictions;
    }

    double[] labels() {
        return labels;
    }

    String[] ids() {
        return ids;
    }

    /** Builds a {@link ProductionBatch}; every column must have one value per timestamp. */
    public static final class Builder {
        private final Instant[] timestamps;
        private final Map<String, Object> features = new LinkedHashMap<>();
        private double[] predictions;
        private double[] labels;
        private String[] ids;

        private Builder(Instant[] timestamps) {
            Checks.notNull("timestamps", timestamps);
            for (int i = 0; i < timestamps.length; i++) {
                Checks.notNull("timestamps[" + i + "]", timestamps[i]);
            }
            this.timestamps = timestamps.clone();
        }

        /** A numeric feature (NaN = missing). */
        public Builder numeric(String column, double[] values) {
            features.put(column(column), sized(column, Checks.notNull("values of '" + column + "'", values).clone(),
                    values.length));
            return this;
        }

        /** A categorical feature (null = missing). */
        public Builder categorical(String column, String[] values) {
            features.put(column(column), sized(column, Checks.notNull("values of '" + column + "'", values).clone(),
                    values.length));
            return this;
        }

        /** The model's outputs: probabilities of the positive class, or regression predictions. */
        public Builder predictions(double[] values) {
            this.predictions = sized("predictions", Checks.notNull("predictions", values).clone(), values.length);
            return this;
        }

        /** True labels (0/1 for classification, targets for regression). */
        public Builder labels(double[] values) {
            this.labels = sized("labels", Checks.notNull("labels", values).clone(), values.length);
            return this;
        }

        /**
         * Request ids of the rows, unique within the batch, so that labels arriving later can be joined to
         * the predictions ({@link Monitor#labels}). Each id must be non-blank and at most 200 characters.
         */
        public Builder ids(String[] values) {
            Checks.notNull("ids", values);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < values.length; i++) {
                String id = values[i];
                if (id == null || id.isBlank() || id.length() > 200) {
                    throw new IllegalArgumentException("ids[" + i + "] must be non-blank and at most 200 characters,"
                            + " but was " + (id == null ? "null" : "'" + id + "'"));
                }
                if (!seen.add(id)) {
                    throw new IllegalArgumentException("ids must be unique within a batch, but '" + id + "' repeats at "
                            + i);
                }
            }
            this.ids = sized("ids", values.clone(), values.length);
            return this;
        }

        private String column(String name) {
            Checks.key("column", name);
            if (features.containsKey(name)) {
                throw new IllegalArgumentException("column '" + name + "' was already added");
            }
            return name;
        }

        private <T> T sized(String name, T values, int length) {
            if (length != timestamps.length) {
                throw new IllegalArgumentException("'" + name + "' must have one value per timestamp ("
                        + timestamps.length + "), but had " + length);
            }
            return values;
        }

        /** @return the batch */
        public ProductionBatch build() {
            if (labels != null && predictions == null) {
                throw new IllegalStateException("labels need predictions for performance metrics, but only labels"
                        + " were given");
            }
            if (predictions != null && labels == null && ids == null) {
                throw new IllegalStateException("predictions need labels, or ids for labels that arrive later"
                        + " (Monitor.labels), but only predictions were given");
            }
            if (ids != null && predictions == null) {
                throw new IllegalStateException("ids join later labels to predictions, but no predictions were given");
            }
            return new ProductionBatch(timestamps, Collections.unmodifiableMap(features), predictions, labels, ids);
        }
    }
}
