package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.util.List;

/**
 * One clause of a {@link RunFilter}. A run lacking the field (no such metric, param or tag, or a missing
 * attribute such as the end time of a RUNNING run) fails every clause but {@link Presence} with
 * {@code present == false}; so {@code params.model != 'cnn'} matches only runs that have the param.
 */
public sealed interface Comparison {
    /** @return the field the clause looks at */
    RunField field();

    /** Comparators of numbers. */
    enum NumberOp {
        EQUAL("="), NOT_EQUAL("!="), LESS_THAN("<"), AT_MOST("<="), GREATER_THAN(">"), AT_LEAST(">=");

        private final String symbol;

        NumberOp(String symbol) {
            this.symbol = symbol;
        }

        /** @return the comparator as written */
        public String symbol() {
            return symbol;
        }

        /** @return whether {@code observed op bound} holds */
        public boolean test(double observed, double bound) {
            return switch (this) {
                case EQUAL -> observed == bound;
                case NOT_EQUAL -> observed != bound;
                case LESS_THAN -> observed < bound;
                case AT_MOST -> observed <= bound;
                case GREATER_THAN -> observed > bound;
                case AT_LEAST -> observed >= bound;
            };
        }
    }

    /** Comparators of text. LIKE patterns: {@code %} any run of characters, {@code _} one, {@code \} escapes. */
    enum TextOp {
        EQUAL("="), NOT_EQUAL("!="), LIKE("LIKE"), ILIKE("ILIKE");

        private final String symbol;

        TextOp(String symbol) {
            this.symbol = symbol;
        }

        /** @return the comparator as written */
        public String symbol() {
            return symbol;
        }
    }

    /**
     * A numeric field compared with a finite number: {@code metrics.auc > 0.8}.
     *
     * @param field a numeric field ({@link RunField#isNumeric()})
     * @param op    the comparator
     * @param value a finite bound
     */
    record Numeric(RunField field, NumberOp op, double value) implements Comparison {
        public Numeric {
            Checks.notNull("field", field);
            Checks.notNull("op", op);
            if (!field.isNumeric()) {
                throw new IllegalArgumentException(field + " is not numeric and cannot be compared with "
                        + op.symbol() + " " + value + "; compare it with a quoted string");
            }
            Checks.finite("bound of " + field, value);
        }

        @Override
        public String toString() {
            return field + " " + op.symbol() + " " + FilterParser.number(value);
        }
    }

    /**
     * A text field compared with a string: {@code tags.team LIKE 'risk%'}.
     *
     * @param field a text field (params, tags, text attributes)
     * @param op    the comparator
     * @param value the string or, for LIKE and ILIKE, the pattern (which may not end in a lone {@code \})
     */
    record Text(RunField field, TextOp op, String value) implements Comparison {
        public Text {
            Checks.notNull("field", field);
            Checks.notNull("op", op);
            Checks.notNull("value", value);
            if (field.isNumeric()) {
                throw new IllegalArgumentException(field + " is numeric and cannot be compared with "
                        + op.symbol() + " " + Checks.quote(value) + "; compare it with = != < <= > >= and a number");
            }
            if ((op == TextOp.LIKE || op == TextOp.ILIKE) && FilterParser.endsInLoneEscape(value)) {
                throw new IllegalArgumentException(op.symbol() + " pattern " + Checks.quote(value)
                        + " must not end in an unescaped '\\' (write '\\\\' for a backslash)");
            }
        }

        @Override
        public String toString() {
            return field + " " + op.symbol() + " " + FilterParser.literal(value);
        }
    }

    /**
     * A text field in (or not in) a list of strings: {@code params.optimizer IN ('adam', 'sgd')}. NOT IN
     * matches runs that have the field with a value not in the list.
     *
     * @param field   a text field
     * @param negated true for NOT IN
     * @param values  at least one string
     */
    record In(RunField field, boolean negated, List<String> values) implements Comparison {
        public In {
            Checks.notNull("field", field);
            values = Copies.list("values", values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("values of " + field + (negated ? " NOT IN" : " IN")
                        + " must hold at least one string, but was empty");
            }
            if (field.isNumeric()) {
                throw new IllegalArgumentException(field + " is numeric and cannot be compared with IN;"
                        + " compare it with = != < <= > >= and a number");
            }
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(field.toString()).append(negated ? " NOT IN (" : " IN (");
            for (int i = 0; i < values.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(FilterParser.literal(values.get(i)));
            }
            return b.append(')').toString();
        }
    }

    /**
     * Whether the run has the field: {@code metrics.auc IS NOT NULL} ({@code present}) or
     * {@code tags.reviewed IS NULL}.
     *
     * @param field   any field
     * @param present true for IS NOT NULL
     */
    record Presence(RunField field, boolean present) implements Comparison {
        public Presence {
            Checks.notNull("field", field);
        }

        @Override
        public String toString() {
            return field + (present ? " IS NOT NULL" : " IS NULL");
        }
    }
}
