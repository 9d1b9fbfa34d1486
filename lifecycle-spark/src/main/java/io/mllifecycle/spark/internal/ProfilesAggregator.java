package io.mllifecycle.spark.internal;

import io.mllifecycle.drift.ReferenceProfile;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One Spark aggregate of several columns at once (numeric ones cast to double, categorical ones as
 * strings; {@code null} and {@code NaN} are missing) into a struct with one binary field per column
 * holding the {@link ReferenceProfile#toBytes()} form of its profile. One aggregate for all columns
 * means one input row conversion per row instead of one per column. Numeric profiles are exact when
 * {@code k == 0}, KLL sketches otherwise; categorical ones keep at most {@code maxCategories}
 * categories ({@link CategoryCap}). Partials are merged on the executors; a field is null only for
 * no rows at all.
 */
public final class ProfilesAggregator extends Aggregator<Row, ProfilesPartial, Row> {

    private static final long serialVersionUID = 1L;

    /** One profiled column: its name, whether it is numeric, and the KLL parameter (0: exact). */
    public record Spec(String name, boolean numeric, int k) implements Serializable {}

    private final Spec[] columns;
    private final int maxCategories;
    private final StructType input;
    private final StructType output;

    /** The aggregate of {@code columns}, in that order, fed by {@link #inputSchema()}-shaped rows. */
    public ProfilesAggregator(List<Spec> columns, int maxCategories) {
        this.columns = columns.toArray(Spec[]::new);
        this.maxCategories = maxCategories;
        StructType in = new StructType();
        StructType out = new StructType();
        for (int i = 0; i < this.columns.length; i++) {
            in = in.add("c" + i, this.columns[i].numeric() ? DataTypes.DoubleType : DataTypes.StringType, true);
            out = out.add("c" + i, DataTypes.BinaryType, true);
        }
        this.input = in;
        this.output = out;
    }

    /** The input row: field {@code c<i>} is column {@code i}, a double or a string. */
    public StructType inputSchema() {
        return input;
    }

    @Override
    public ProfilesPartial zero() {
        return new ProfilesPartial(columns);
    }

    @Override
    public ProfilesPartial reduce(ProfilesPartial buffer, Row row) {
        for (int i = 0; i < columns.length; i++) {
            if (buffer.isNumeric(i)) {
                buffer.addNumeric(i, row.isNullAt(i) ? Double.NaN : row.getDouble(i));
            } else {
                buffer.addCategory(i, row.isNullAt(i) ? null : row.getString(i));
            }
        }
        return buffer;
    }

    @Override
    public ProfilesPartial merge(ProfilesPartial a, ProfilesPartial b) {
        return a.merge(b);
    }

    @Override
    public Row finish(ProfilesPartial buffer) {
        Object[] bytes = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            ReferenceProfile p = buffer.profile(i);
            if (p != null && !columns[i].numeric()) {
                p = CategoryCap.fold(p, maxCategories);
            }
            bytes[i] = p == null ? null : p.toBytes();
        }
        return RowFactory.create(bytes);
    }

    @Override
    public Encoder<ProfilesPartial> bufferEncoder() {
        return Encoders.javaSerialization(ProfilesPartial.class);
    }

    @Override
    public Encoder<Row> outputEncoder() {
        return Encoders.row(output);
    }
}
