package io.mllifecycle.cli;

import io.mllifecycle.store.MetricFilter;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunStatus;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates the command line's run filter onto today's {@link RunQuery}: clauses joined by {@code and},
 * each {@code params.K = V}, {@code tags.K = V}, {@code status = FINISHED} or {@code metrics.K OP N} with
 * OP one of {@code < <= = == >= >}. Param and tag clauses are equality only, because that is what
 * {@link RunQuery} supports.
 */
final class RunFilter {
    private static final Pattern CLAUSE = Pattern.compile(
            "\\s*(params|tags|metrics|status)(?:\\.([A-Za-z0-9_.\\-/ ]+?))?\\s*(<=|>=|==|=|<|>)\\s*(.+?)\\s*");

    private RunFilter() {
    }

    static void apply(String filter, RunQuery.Builder query) {
        if (filter == null || filter.isBlank()) {
            return;
        }
        for (String clause : filter.split("(?i)\\s+and\\s+")) {
            Matcher m = CLAUSE.matcher(clause);
            if (!m.matches()) {
                throw new IllegalArgumentException("filter clause '" + clause.strip() + "' must be params.K = V, "
                        + "tags.K = V, status = S or metrics.K OP N");
            }
            String kind = m.group(1);
            String key = m.group(2);
            String op = m.group(3);
            String value = unquote(m.group(4));
            if (!kind.equals("status") && key == null) {
                throw new IllegalArgumentException("filter clause '" + clause.strip() + "' must name a key after '"
                        + kind + ".'");
            }
            boolean equality = op.equals("=") || op.equals("==");
            switch (kind) {
                case "params" -> query.param(key, requireEquality(clause, equality, value));
                case "tags" -> query.tag(key, requireEquality(clause, equality, value));
                case "status" -> query.status(status(clause, requireEquality(clause, equality, value)));
                default -> query.metric(key, comparison(op), number(clause, value));
            }
        }
    }

    private static String requireEquality(String clause, boolean equality, String value) {
        if (!equality) {
            throw new IllegalArgumentException("filter clause '" + clause.strip()
                    + "' must use '=': params, tags and status filter by equality only");
        }
        return value;
    }

    private static RunStatus status(String clause, String value) {
        try {
            return RunStatus.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("filter clause '" + clause.strip() + "' names status '" + value
                    + "', expected one of " + java.util.Arrays.toString(RunStatus.values()), e);
        }
    }

    private static double number(String clause, String value) {
        try {
            double d = Double.parseDouble(value);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("filter clause '" + clause.strip() + "' must compare with a finite number, but was '"
                + value + "'");
    }

    static MetricFilter.Comparison comparison(String op) {
        return switch (op) {
            case "<" -> MetricFilter.Comparison.LESS_THAN;
            case "<=" -> MetricFilter.Comparison.AT_MOST;
            case ">=" -> MetricFilter.Comparison.AT_LEAST;
            case ">" -> MetricFilter.Comparison.GREATER_THAN;
            default -> MetricFilter.Comparison.EQUAL;
        };
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\""))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
