package io.mllifecycle.spark.internal;

import io.mllifecycle.drift.ReferenceProfile;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import org.jspecify.annotations.Nullable;

/**
 * A Spark aggregate of one numeric column (cast to double; {@code null} and {@code NaN} are missing)
 * into the {@link ReferenceProfile#toBytes()} form of its profile: exact when {@code k == 0}, a KLL
 * sketch with parameter {@code k} otherwise. Partial profiles are merged on the executors. The
 * result is null only for no rows at all.
 */
public final class NumericProfileAggregator extends Aggregator<Double, NumericPartial, byte[]> {

    private static final long serialVersionUID = 1L;

    private final String column;
    private final int k;

    /** The aggregate of {@code column}: exact when {@code k == 0}, else a KLL sketch with parameter {@code k}. */
    public NumericProfileAggregator(String column, int k) {
        this.column = column;
        this.k = k;
    }

    @Override
    public NumericPartial zero() {
        return new NumericPartial(column, k);
    }

    @Override
    public NumericPartial reduce(NumericPartial buffer, @Nullable Double value) {
        buffer.add(value == null ? Double.NaN : value);
        return buffer;
    }

    @Override
    public NumericPartial merge(NumericPartial a, NumericPartial b) {
        return a.merge(b);
    }

    @Override
    public byte @Nullable [] finish(NumericPartial buffer) {
        ReferenceProfile profile = buffer.profile();
        return profile == null ? null : profile.toBytes();
    }

    @Override
    public Encoder<NumericPartial> bufferEncoder() {
        return Encoders.javaSerialization(NumericPartial.class);
    }

    @Override
    public Encoder<byte[]> outputEncoder() {
        return Encoders.BINARY();
    }
}
