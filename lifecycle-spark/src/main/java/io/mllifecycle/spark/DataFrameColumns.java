package io.mllifecycle.spark;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/** Looks up and type-checks DataFrame columns, with messages that name the column and its type. */
final class DataFrameColumns {

    private DataFrameColumns() {}

    /** The kind of profile a column is read for. */
    enum Kind {
        NUMERIC("numeric", "a numeric type (byte, short, int, bigint, float, double or decimal)"),
        CATEGORICAL("categorical", "string");

        final String label;
        final String expected;

        Kind(String label, String expected) {
            this.label = label;
            this.expected = expected;
        }
    }

    static void requireDataFrame(Dataset<Row> dataframe, String argument) {
        if (dataframe == null) {
            throw new IllegalArgumentException(argument + " must not be null");
        }
    }

    /**
     * The field of {@code column}, which must exist (names are matched exactly) and suit {@code kind}.
     *
     * @throws IllegalArgumentException naming the column, its type and the columns that exist
     */
    static StructField require(Dataset<Row> dataframe, String argument, String column, Kind kind) {
        StructField field = field(dataframe, argument, column);
        if (!suits(field.dataType(), kind)) {
            throw new IllegalArgumentException(kind.label + " column '" + column + "' of " + argument + " must be of "
                    + kind.expected + ", but is " + field.dataType().simpleString()
                    + (kind == Kind.CATEGORICAL ? "; cast it to string or profile it as numeric"
                            : "; profile it as categorical or cast it to double"));
        }
        return field;
    }

    static StructField field(Dataset<Row> dataframe, String argument, String column) {
        if (column == null) {
            throw new IllegalArgumentException("a column name of " + argument + " must not be null");
        }
        for (StructField f : dataframe.schema().fields()) {
            if (f.name().equals(column)) {
                return f;
            }
        }
        throw new IllegalArgumentException(argument + " has no column '" + column + "'; its columns are "
                + List.of(dataframe.columns()));
    }

    static boolean suits(DataType type, Kind kind) {
        return kind == Kind.NUMERIC ? type instanceof NumericType : type instanceof StringType;
    }

    /** A reference to a column by its exact name, so dots and other characters are not parsed. */
    static Column column(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }

    /** The column as read for a profile: numeric values cast to double, strings as they are. */
    static Column input(String name, Kind kind) {
        Column c = column(name);
        return kind == Kind.NUMERIC ? c.cast("double") : c;
    }
}
