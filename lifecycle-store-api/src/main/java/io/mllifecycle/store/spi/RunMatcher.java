package io.mllifecycle.store.spi;

import io.mllifecycle.store.Comparison;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.RunAttribute;
import io.mllifecycle.store.RunField;
import io.mllifecycle.store.RunFilter;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;

import java.time.Instant;

/**
 * The reference evaluation of a {@link RunFilter} on a run, which every store's search must agree with
 * (the TCK compares them). A clause on a field the run lacks is false, except {@code IS NULL}.
 *
 * <p>LIKE and ILIKE: {@code %} matches any run of characters (none included), {@code _} exactly one
 * character (one Unicode code point), {@code \} makes the next character literal; the whole value must
 * match. ILIKE ignores the case of the ASCII letters A–Z only, so that every store (SQL collations
 * differ in how they fold other letters) decides alike.
 */
public final class RunMatcher {
    private RunMatcher() {}

    /** @return whether {@code run} belongs to the query's experiments and passes its filter */
    public static boolean matches(RunQuery query, RunRecord run) {
        Checks.notNull("query", query);
        Checks.notNull("run", run);
        return (query.allExperiments() || query.experimentIds().contains(run.experimentId()))
                && matches(query.filter(), run);
    }

    /** @return whether {@code run} passes every clause of {@code filter} */
    public static boolean matches(RunFilter filter, RunRecord run) {
        Checks.notNull("filter", filter);
        for (Comparison c : filter.clauses()) {
            if (!matches(c, run)) {
                return false;
            }
        }
        return true;
    }

    /** @return whether {@code run} passes {@code clause} */
    public static boolean matches(Comparison clause, RunRecord run) {
        Checks.notNull("clause", clause);
        Checks.notNull("run", run);
        if (clause instanceof Comparison.Numeric n && clause.field().kind() == RunField.Kind.METRIC) {
            double v = run.latestValue(clause.field().key()); // unboxed: searches test this on every candidate
            return !Double.isNaN(v) && n.op().test(v, n.value());
        }
        Object value = value(clause.field(), run);
        if (clause instanceof Comparison.Presence p) {
            return (value != null) == p.present();
        }
        if (value == null) {
            return false;
        }
        if (clause instanceof Comparison.Numeric n) {
            return n.op().test((Double) value, n.value());
        }
        if (clause instanceof Comparison.Text t) {
            return switch (t.op()) {
                case EQUAL -> value.equals(t.value());
                case NOT_EQUAL -> !value.equals(t.value());
                case LIKE -> like((String) value, t.value(), false);
                case ILIKE -> like((String) value, t.value(), true);
            };
        }
        Comparison.In in = (Comparison.In) clause;
        return in.values().contains((String) value) != in.negated();
    }

    /**
     * @return the run's value of {@code field}: a {@link Double} for numeric fields (metric latest value,
     *     times in epoch milliseconds), a {@link String} for the others, null when the run lacks it
     */
    public static Object value(RunField field, RunRecord run) {
        Checks.notNull("field", field);
        return switch (field.kind()) {
            case METRIC -> {
                double v = run.latestValue(field.key());
                yield Double.isNaN(v) ? null : (Object) v;
            }
            case PARAM -> run.params().get(field.key());
            case TAG -> run.tags().get(field.key());
            case ATTRIBUTE -> attribute(field.attribute(), run);
        };
    }

    private static Object attribute(RunAttribute attribute, RunRecord run) {
        return switch (attribute) {
            case RUN_ID -> run.id();
            case RUN_NAME -> run.name();
            case STATUS -> run.status().name();
            case START_TIME -> millis(run.startTime());
            case END_TIME -> run.endTime() == null ? null : millis(run.endTime());
            case USER -> run.tags().get(RunAttribute.USER_TAG);
            case PARENT_RUN_ID -> run.parentRunId();
            case EXPERIMENT_ID -> run.experimentId();
        };
    }

    private static Double millis(Instant t) {
        return (double) t.toEpochMilli();
    }

    /** @return {@code s} with the ASCII letters A–Z lower-cased and nothing else changed */
    public static String foldAscii(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
        return b == null ? s : b.toString();
    }

    /**
     * @return whether all of {@code value} matches the LIKE {@code pattern} (see the class comment)
     * @throws IllegalArgumentException if the pattern ends in a lone {@code \}
     */
    public static boolean like(String value, String pattern, boolean ignoreAsciiCase) {
        Checks.notNull("value", value);
        Checks.notNull("pattern", pattern);
        int[] v = (ignoreAsciiCase ? foldAscii(value) : value).codePoints().toArray();
        int[] p = (ignoreAsciiCase ? foldAscii(pattern) : pattern).codePoints().toArray();
        // pattern as tokens: a code point >= 0 is literal, ANY_ONE is '_', ANY_RUN is '%'
        int[] tokens = new int[p.length];
        int n = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == '\\') {
                if (++i == p.length) {
                    throw new IllegalArgumentException("LIKE pattern " + Checks.quote(pattern)
                            + " must not end in an unescaped '\\'");
                }
                tokens[n++] = p[i];
            } else {
                tokens[n++] = p[i] == '%' ? ANY_RUN : p[i] == '_' ? ANY_ONE : p[i];
            }
        }
        // greedy two-pointer match, backtracking to the last '%'
        int vi = 0;
        int ti = 0;
        int starT = -1;
        int starV = 0;
        while (vi < v.length) {
            if (ti < n && (tokens[ti] == ANY_ONE || tokens[ti] == v[vi])) {
                vi++;
                ti++;
            } else if (ti < n && tokens[ti] == ANY_RUN) {
                starT = ti++;
                starV = vi;
            } else if (starT >= 0) {
                ti = starT + 1;
                vi = ++starV;
            } else {
                return false;
            }
        }
        while (ti < n && tokens[ti] == ANY_RUN) {
            ti++;
        }
        return ti == n;
    }

    private static final int ANY_ONE = -1;
    private static final int ANY_RUN = -2;
}
