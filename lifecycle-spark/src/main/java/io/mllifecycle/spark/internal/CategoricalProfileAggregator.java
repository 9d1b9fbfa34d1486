package io.mllifecycle.spark.internal;

import io.mllifecycle.drift.ReferenceProfile;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import org.jspecify.annotations.Nullable;

/**
 * A Spark aggregate of one string column ({@code null} is missing) into the
 * {@link ReferenceProfile#toBytes()} form of its categorical profile, at most {@code maxCategories}
 * categories ({@link CategoryCap}). Counts are merged exactly on the executors and capped once at
 * the end. The result is null only for no rows at all.
 */
public final class CategoricalProfileAggregator extends Aggregator<String, CategoricalPartial, byte[]> {

    private static final long serialVersionUID = 1L;

    private final String column;
    private final int maxCategories;

    /** The aggregate of {@code column}, keeping at most {@code maxCategories} categories. */
    public CategoricalProfileAggregator(String column, int maxCategories) {
        this.column = column;
        this.maxCategories = maxCategories;
    }

    @Override
    public CategoricalPartial zero() {
        return new CategoricalPartial(column);
    }

    @Override
    public CategoricalPartial reduce(CategoricalPartial buffer, @Nullable String value) {
        buffer.add(value);
        return buffer;
    }

    @Override
    public CategoricalPartial merge(CategoricalPartial a, CategoricalPartial b) {
        return a.merge(b);
    }

    @Override
    public byte @Nullable [] finish(CategoricalPartial buffer) {
        ReferenceProfile profile = buffer.profile();
        return profile == null ? null : CategoryCap.fold(profile, maxCategories).toBytes();
    }

    @Override
    public Encoder<CategoricalPartial> bufferEncoder() {
        return Encoders.javaSerialization(CategoricalPartial.class);
    }

    @Override
    public Encoder<byte[]> outputEncoder() {
        return Encoders.BINARY();
    }
}
