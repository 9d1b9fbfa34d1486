package io.mllifecycle.quality;

import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/** Number and value formatting shared by the expectations and the report. */
final class Text {
    private Text() {}

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    static String mostly(double mostly) {
        return mostly == 1 ? "all" : "at least " + fmt(mostly) + " of";
    }

    /** A bounded listing of values, so a report stays readable for a long allowed set. */
    static String values(Collection<String> values, int max) {
        String shown = values.stream().limit(max).map(v -> "'" + v + "'").collect(Collectors.joining(", "));
        return "{" + shown + (values.size() > max ? ", … (" + values.size() + " in all)" : "") + "}";
    }

    static String value(@org.jspecify.annotations.Nullable Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Double d) {
            return fmt(d);
        }
        return "'" + v + "'";
    }
}
