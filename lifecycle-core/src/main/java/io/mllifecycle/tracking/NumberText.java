package io.mllifecycle.tracking;

import java.util.regex.Pattern;

/**
 * Whether a CSV cell is a number, without throwing: a categorical column used to cost one
 * {@code NumberFormatException} per cell. The pattern accepts what {@link Double#parseDouble} accepts for
 * decimal text (sign, digits, fraction, exponent, {@code NaN}, {@code Infinity}); hexadecimal floats and trailing
 * type suffixes ({@code 1d}, {@code 2f}) are not numbers in a data file.
 */
final class NumberText {
    private static final Pattern DECIMAL = Pattern.compile(
            "[+-]?(NaN|Infinity|((\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?))");

    private NumberText() {}

    static boolean isNumber(String s) {
        String t = s.strip();
        return !t.isEmpty() && DECIMAL.matcher(t).matches();
    }
}
