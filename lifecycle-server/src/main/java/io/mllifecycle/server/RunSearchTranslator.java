package io.mllifecycle.server;

import io.mllifecycle.store.MetricFilter;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunStatus;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates MLflow's {@code runs/search} filter and order onto {@link RunQuery} — the one class to
 * swap when the store API gains MLflow's full filter grammar.
 *
 * <p>Understood today: clauses joined by {@code AND}, each {@code params.k = 'v'},
 * {@code tags.k = 'v'}, {@code attributes.status = 'FINISHED'} (also {@code status}), or
 * {@code metrics.k <op> number} with {@code < <= = >= >}; keys may be back-quoted; values single- or
 * double-quoted. One {@code order_by} on {@code metrics.k [ASC|DESC]}. Anything else is
 * {@code INVALID_PARAMETER_VALUE} naming the clause.
 */
final class RunSearchTranslator {
    private static final Pattern CLAUSE = Pattern.compile(
            "\\s*(params|param|tags|tag|metrics|metric|attributes|attribute|attr|run)?\\.?"
                    + "(`[^`]+`|\"[^\"]+\"|[A-Za-z0-9_.\\-/ ]+?)\\s*(<=|>=|!=|=|<|>)\\s*"
                    + "('(?:[^']*)'|\"(?:[^\"]*)\"|[-+0-9.eE]+)\\s*");
    private static final Pattern AND = Pattern.compile("(?i)\\s+and\\s+");
    private static final Pattern ORDER = Pattern.compile("(?i)\\s*metrics?\\.(`[^`]+`|[A-Za-z0-9_.\\-/]+)\\s*(asc|desc)?\\s*");

    private RunSearchTranslator() {}

    static RunQuery translate(String experimentId, String filter, List<String> orderBy, int pageSize, String token) {
        RunQuery.Builder q = RunQuery.builder(experimentId).pageSize(pageSize);
        if (token != null && !token.isEmpty()) {
            q.pageToken(token);
        }
        if (filter != null && !filter.isBlank()) {
            for (String clause : splitAnd(filter)) {
                apply(q, clause);
            }
        }
        if (orderBy.size() > 1) {
            throw ApiException.invalid("Invalid order_by " + orderBy + ": lifecycle-server orders by one metric.");
        }
        if (orderBy.size() == 1) {
            Matcher m = ORDER.matcher(orderBy.get(0));
            if (!m.matches()) {
                throw ApiException.invalid("Invalid order_by clause '" + orderBy.get(0) + "': lifecycle-server orders"
                        + " by 'metrics.<key> [ASC|DESC]' only.");
            }
            boolean ascending = m.group(2) == null || m.group(2).equalsIgnoreCase("asc");
            q.orderBy(unquote(m.group(1)), ascending);
        }
        return q.build();
    }

    private static List<String> splitAnd(String filter) {
        return List.of(AND.split(filter.trim()));
    }

    private static void apply(RunQuery.Builder q, String clause) {
        Matcher m = CLAUSE.matcher(clause);
        if (!m.matches()) {
            throw unsupported(clause);
        }
        String entity = m.group(1) == null ? "attributes" : m.group(1).toLowerCase(Locale.ROOT);
        String key = unquote(m.group(2).trim());
        String op = m.group(3);
        String raw = m.group(4);
        boolean quoted = raw.startsWith("'") || raw.startsWith("\"");
        String value = quoted ? raw.substring(1, raw.length() - 1) : raw;
        switch (entity) {
            case "params", "param" -> {
                requireEquality(clause, op, quoted);
                q.param(key, value);
            }
            case "tags", "tag" -> {
                requireEquality(clause, op, quoted);
                q.tag(key, value);
            }
            case "metrics", "metric" -> {
                if (quoted) {
                    throw ApiException.invalid("Invalid filter clause '" + clause + "': a metric is compared with a"
                            + " number.");
                }
                double v;
                try {
                    v = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw ApiException.invalid("Invalid filter clause '" + clause + "': '" + value + "' is not a number.");
                }
                q.metric(key, comparison(clause, op), v);
            }
            case "attributes", "attribute", "attr", "run" -> {
                if (!key.equals("status")) {
                    throw unsupported(clause);
                }
                requireEquality(clause, op, quoted);
                try {
                    q.status(RunStatus.valueOf(value.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw ApiException.invalid("Invalid filter clause '" + clause + "': status must be one of RUNNING,"
                            + " FINISHED, FAILED, KILLED.");
                }
            }
            default -> throw unsupported(clause);
        }
    }

    private static MetricFilter.Comparison comparison(String clause, String op) {
        return switch (op) {
            case "<" -> MetricFilter.Comparison.LESS_THAN;
            case "<=" -> MetricFilter.Comparison.AT_MOST;
            case "=" -> MetricFilter.Comparison.EQUAL;
            case ">=" -> MetricFilter.Comparison.AT_LEAST;
            case ">" -> MetricFilter.Comparison.GREATER_THAN;
            default -> throw unsupported(clause);
        };
    }

    private static void requireEquality(String clause, String op, boolean quoted) {
        if (!op.equals("=") || !quoted) {
            throw ApiException.invalid("Invalid filter clause '" + clause + "': lifecycle-server compares params,"
                    + " tags and status with = and a quoted value only.");
        }
    }

    private static ApiException unsupported(String clause) {
        return ApiException.invalid("Invalid filter clause '" + clause.trim() + "': lifecycle-server understands"
                + " params.k = 'v', tags.k = 'v', attributes.status = 'S' and metrics.k <op> number, joined by AND.");
    }

    private static String unquote(String key) {
        if (key.length() >= 2 && (key.startsWith("`") || key.startsWith("\""))) {
            return key.substring(1, key.length() - 1);
        }
        return key;
    }
}
