package io.mllifecycle.spark.internal;

import io.mllifecycle.drift.ReferenceProfile;
import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * The partial profiles of every profiled column inside one Spark task (and group): one
 * {@link NumericPartial} or {@link CategoricalPartial} per column, in the columns' order. Serialised
 * by Java serialization through the partials' own compact forms. Not thread-safe.
 */
public final class ProfilesPartial implements Serializable {

    private static final long serialVersionUID = 1L;

    private final NumericPartial[] numeric;           // null where the column is categorical
    private final CategoricalPartial[] categorical;   // null where the column is numeric

    ProfilesPartial(ProfilesAggregator.Spec[] columns) {
        numeric = new NumericPartial[columns.length];
        categorical = new CategoricalPartial[columns.length];
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].numeric()) {
                numeric[i] = new NumericPartial(columns[i].name(), columns[i].k());
            } else {
                categorical[i] = new CategoricalPartial(columns[i].name());
            }
        }
    }

    void addNumeric(int column, double value) {
        numeric[column].add(value);
    }

    void addCategory(int column, @Nullable String value) {
        categorical[column].add(value);
    }

    boolean isNumeric(int column) {
        return numeric[column] != null;
    }

    ProfilesPartial merge(ProfilesPartial other) {
        for (int i = 0; i < numeric.length; i++) {
            if (numeric[i] != null) {
                numeric[i].merge(other.numeric[i]);
            } else {
                categorical[i].merge(other.categorical[i]);
            }
        }
        return this;
    }

    @Nullable ReferenceProfile profile(int column) {
        return numeric[column] != null ? numeric[column].profile() : categorical[column].profile();
    }
}
