package io.mllifecycle.quality;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One row of the data a {@link Expectation.Custom} predicate looks at. The object is reused from row to row:
 * do not keep it beyond the predicate call.
 */
public interface DataRow {

    /** @return the row's index in the data, from 0 */
    int index();

    /** @return the names of the data's columns, in order */
    Set<String> columns();

    /**
     * @return the value of a numeric column ({@code NaN} when missing)
     * @throws IllegalArgumentException if there is no such column or it is categorical
     */
    double number(String column);

    /**
     * @return the value of a categorical column ({@code null} when missing)
     * @throws IllegalArgumentException if there is no such column or it is numeric
     */
    @Nullable String category(String column);

    /**
     * @return whether the value is missing ({@code NaN} or {@code null})
     * @throws IllegalArgumentException if there is no such column
     */
    boolean missing(String column);
}
