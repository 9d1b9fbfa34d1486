package io.mllifecycle.store;

import io.mllifecycle.store.Comparison.NumberOp;
import io.mllifecycle.store.Comparison.TextOp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recursive-descent reader of the filter and order syntax of {@link RunFilter} over the characters of
 * the input, so that every error can name the exact position. It reads by context (a field, then a
 * comparator, then a value of the field's type) rather than tokenizing first, because a key such as
 * {@code 1_auc} would otherwise be read as a number.
 */
final class FilterParser {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*");
    private static final Map<String, RunField.Kind> KINDS = Map.ofEntries(
            Map.entry("metrics", RunField.Kind.METRIC), Map.entry("metric", RunField.Kind.METRIC),
            Map.entry("params", RunField.Kind.PARAM), Map.entry("param", RunField.Kind.PARAM),
            Map.entry("parameters", RunField.Kind.PARAM), Map.entry("parameter", RunField.Kind.PARAM),
            Map.entry("tags", RunField.Kind.TAG), Map.entry("tag", RunField.Kind.TAG),
            Map.entry("attributes", RunField.Kind.ATTRIBUTE), Map.entry("attribute", RunField.Kind.ATTRIBUTE),
            Map.entry("attr", RunField.Kind.ATTRIBUTE), Map.entry("run", RunField.Kind.ATTRIBUTE));

    private final String in;
    private int pos;

    FilterParser(String in) {
        this.in = in;
    }

    /** @return the clauses of a whole filter string */
    List<Comparison> filter() {
        List<Comparison> out = new ArrayList<>();
        skipSpaces();
        if (atEnd()) {
            return out;
        }
        while (true) {
            int start = pos;
            out.add(comparison());
            String last = in.substring(start, pos);
            skipSpaces();
            if (atEnd()) {
                return out;
            }
            int at = pos;
            String word = peekWord();
            if (word.equalsIgnoreCase("and")) {
                pos += word.length();
                skipSpaces();
                if (atEnd()) {
                    throw error("expected a comparison after 'and'", pos);
                }
            } else if (word.equalsIgnoreCase("or")) {
                throw error("'or' is not supported: comparisons are joined with 'and' only", at);
            } else {
                throw error("expected 'and' or the end of the filter after '" + last + "'", at);
            }
        }
    }

    /** @return the keys of a comma-separated order string */
    List<OrderBy> orderList() {
        List<OrderBy> out = new ArrayList<>();
        skipSpaces();
        if (atEnd()) {
            return out;
        }
        while (true) {
            int start = pos;
            RunField field = field();
            skipSpaces();
            String word = peekWord();
            boolean ascending = true;
            if (word.equalsIgnoreCase("asc") || word.equalsIgnoreCase("desc")) {
                ascending = word.equalsIgnoreCase("asc");
                pos += word.length();
            }
            out.add(new OrderBy(field, ascending));
            String last = in.substring(start, pos);
            skipSpaces();
            if (atEnd()) {
                return out;
            }
            if (in.charAt(pos) != ',') {
                throw error("expected ASC, DESC, ',' or the end of the order after '" + last.trim() + "'", pos);
            }
            pos++;
            skipSpaces();
        }
    }

    private Comparison comparison() {
        int fieldStart = pos;
        RunField field = field();
        String fieldText = in.substring(fieldStart, pos);
        boolean glued = !atEnd() && !Character.isWhitespace(in.charAt(pos));
        skipSpaces();
        int opAt = pos;
        String symbol = symbol();
        if (symbol != null) {
            pos += symbol.length();
            String before = fieldText + " " + symbol;
            if (field.isNumeric()) {
                return new Comparison.Numeric(field, numberOp(symbol), number(before));
            }
            TextOp op = switch (symbol) {
                case "=" -> TextOp.EQUAL;
                case "!=" -> TextOp.NOT_EQUAL;
                default -> throw error(symbol + " does not apply to " + describe(field) + ", which is text: expected "
                        + "= != LIKE ILIKE IN NOT IN IS NULL IS NOT NULL", opAt);
            };
            return new Comparison.Text(field, op, string(before));
        }
        String word = peekWord().toUpperCase(Locale.ROOT);
        switch (word) {
            case "LIKE", "ILIKE" -> {
                requireText(field, word, opAt);
                pos += word.length();
                String pattern = string(fieldText + " " + word);
                if (endsInLoneEscape(pattern)) {
                    throw error("expected an escaped character after the final '\\' of the pattern"
                            + " (write '\\\\' for a backslash)", pos - 2);
                }
                return new Comparison.Text(field, word.equals("LIKE") ? TextOp.LIKE : TextOp.ILIKE, pattern);
            }
            case "IN" -> {
                requireText(field, "IN", opAt);
                pos += 2;
                return new Comparison.In(field, false, list(fieldText + " IN"));
            }
            case "NOT" -> {
                pos += 3;
                skipSpaces();
                if (!peekWord().equalsIgnoreCase("in")) {
                    throw error("expected IN after '" + fieldText + " NOT'", pos);
                }
                requireText(field, "NOT IN", opAt);
                pos += 2;
                return new Comparison.In(field, true, list(fieldText + " NOT IN"));
            }
            case "IS" -> {
                pos += 2;
                skipSpaces();
                boolean present = false;
                if (peekWord().equalsIgnoreCase("not")) {
                    present = true;
                    pos += 3;
                    skipSpaces();
                }
                if (!peekWord().equalsIgnoreCase("null")) {
                    throw error("expected NULL after '" + fieldText + (present ? " IS NOT'" : " IS'")
                            + " (IS NULL: lacks the field; IS NOT NULL: has it)", pos);
                }
                pos += 4;
                return new Comparison.Presence(field, present);
            }
            default -> {
                String hint = glued ? " (quote a key with other characters, e.g. " + field.kind().prefix()
                        + ".`val-loss`)" : "";
                throw error("expected a comparison after '" + fieldText + "'" + hint, opAt);
            }
        }
    }

    private RunField field() {
        int start = pos;
        String prefix;
        if (!atEnd() && in.charAt(pos) == '`') {
            prefix = quoted('`');
        } else if (!atEnd() && (Character.isLetter(in.charAt(pos)) || in.charAt(pos) == '_')) {
            prefix = bareWord();
        } else {
            throw error("expected a field such as metrics.auc, params.depth, tags.team or status", start);
        }
        if (atEnd() || in.charAt(pos) != '.') {
            if (KINDS.containsKey(prefix)) {
                throw error("expected '.' and a key after '" + prefix + "'", pos);
            }
            return attribute(prefix, start);
        }
        RunField.Kind kind = KINDS.get(prefix);
        if (kind == null) {
            throw error("unknown field type '" + prefix + "': expected metrics, params, tags or attributes", start);
        }
        pos++;
        int keyAt = pos;
        String key;
        if (!atEnd() && (in.charAt(pos) == '"' || in.charAt(pos) == '`')) {
            key = quoted(in.charAt(pos));
        } else {
            Matcher m = BARE_KEY.matcher(in).region(pos, in.length());
            if (!m.lookingAt()) {
                throw error("expected a key after '" + prefix + ".' (quote a key with other characters,"
                        + " e.g. " + prefix + ".\"val loss\")", keyAt);
            }
            key = m.group();
            pos = m.end();
        }
        if (kind == RunField.Kind.ATTRIBUTE) {
            return attribute(key, keyAt);
        }
        try {
            return new RunField(kind, io.mllifecycle.store.spi.Checks.key(kind.prefix() + " key", key), null);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage(), keyAt);
        }
    }

    private RunField attribute(String name, int at) {
        return RunAttribute.ofKey(name).map(RunField::attribute).orElseThrow(() -> error("unknown attribute '"
                + name + "': expected one of " + RunAttribute.keys(), at));
    }

    private double number(String after) {
        skipSpaces();
        int at = pos;
        Matcher m = NUMBER.matcher(in).region(pos, in.length());
        if (!m.lookingAt() || (m.end() < in.length() && isWordChar(in.charAt(m.end())))) {
            String hint = !atEnd() && (in.charAt(pos) == '\'' || in.charAt(pos) == '"') ? " (not a string)" : "";
            throw error("expected a number after '" + after + "'" + hint, at);
        }
        double value = Double.parseDouble(m.group());
        if (!Double.isFinite(value)) {
            throw error("number " + m.group() + " is out of range: expected a finite number", at);
        }
        pos = m.end();
        return value;
    }

    private String string(String after) {
        skipSpaces();
        if (atEnd() || (in.charAt(pos) != '\'' && in.charAt(pos) != '"')) {
            String hint = !atEnd() && NUMBER.matcher(in).region(pos, in.length()).lookingAt()
                    ? " (params, tags and text attributes are strings: write '" + peekValue() + "')" : "";
            throw error("expected a quoted string after '" + after + "'" + hint, pos);
        }
        return quoted(in.charAt(pos));
    }

    private List<String> list(String after) {
        skipSpaces();
        if (atEnd() || in.charAt(pos) != '(') {
            throw error("expected '(' after '" + after + "'", pos);
        }
        pos++;
        List<String> values = new ArrayList<>();
        while (true) {
            values.add(string(values.isEmpty() ? after + " (" : ","));
            skipSpaces();
            if (!atEnd() && in.charAt(pos) == ',') {
                pos++;
            } else if (!atEnd() && in.charAt(pos) == ')') {
                pos++;
                return values;
            } else {
                throw error("expected ',' or ')' in the list after '" + after + "'", pos);
            }
        }
    }

    /** Reads a quoted text at {@code pos}; the quote character doubled stands for itself. */
    private String quoted(char quote) {
        int start = pos;
        StringBuilder b = new StringBuilder();
        pos++;
        while (true) {
            if (atEnd()) {
                throw error("expected a closing " + quote + " for the text opened", start);
            }
            char c = in.charAt(pos++);
            if (c == quote) {
                if (!atEnd() && in.charAt(pos) == quote) {
                    b.append(quote);
                    pos++;
                } else {
                    return b.toString();
                }
            } else {
                b.append(c);
            }
        }
    }

    private void requireText(RunField field, String op, int at) {
        if (field.isNumeric()) {
            throw error(op + " does not apply to " + describe(field) + ", which is numeric: expected"
                    + " = != < <= > >= IS NULL IS NOT NULL", at);
        }
    }

    private static String describe(RunField f) {
        return switch (f.kind()) {
            case METRIC -> "metric '" + f.key() + "'";
            case PARAM -> "param '" + f.key() + "'";
            case TAG -> "tag '" + f.key() + "'";
            case ATTRIBUTE -> "attribute '" + f.key() + "'";
        };
    }

    /** @return the comparator symbol at {@code pos}, or null */
    private String symbol() {
        for (String s : new String[] {"!=", "<=", ">=", "=", "<", ">"}) {
            if (in.startsWith(s, pos)) {
                return s;
            }
        }
        return null;
    }

    private String bareWord() {
        int start = pos;
        while (!atEnd() && isWordChar(in.charAt(pos))) {
            pos++;
        }
        return in.substring(start, pos);
    }

    private String peekWord() {
        int end = pos;
        while (end < in.length() && isWordChar(in.charAt(end))) {
            end++;
        }
        return in.substring(pos, end);
    }

    private String peekValue() {
        Matcher m = NUMBER.matcher(in).region(pos, in.length());
        return m.lookingAt() ? m.group() : "";
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private void skipSpaces() {
        while (!atEnd() && Character.isWhitespace(in.charAt(pos))) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= in.length();
    }

    private FilterSyntaxException error(String problem, int at) {
        return new FilterSyntaxException(problem, in, at);
    }

    private static NumberOp numberOp(String symbol) {
        return switch (symbol) {
            case "=" -> NumberOp.EQUAL;
            case "!=" -> NumberOp.NOT_EQUAL;
            case "<" -> NumberOp.LESS_THAN;
            case "<=" -> NumberOp.AT_MOST;
            case ">" -> NumberOp.GREATER_THAN;
            default -> NumberOp.AT_LEAST;
        };
    }

    /** @return whether {@code key} can be written without quotes */
    static boolean isBareKey(String key) {
        return BARE_KEY.matcher(key).matches();
    }

    /** @return {@code value} as a single-quoted string literal */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** @return a number literal that parses back to exactly {@code value} */
    static String number(double value) {
        return Double.toString(value);
    }

    /** @return whether a LIKE pattern ends in an odd number of backslashes */
    static boolean endsInLoneEscape(String pattern) {
        int n = 0;
        for (int i = pattern.length() - 1; i >= 0 && pattern.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }
}
