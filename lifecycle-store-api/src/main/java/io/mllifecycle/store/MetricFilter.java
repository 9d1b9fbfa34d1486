package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

/**
 * A threshold on the latest value of a run's metric. A run without the metric never matches.
 *
 * @param key   metric key
 * @param op    comparison
 * @param value finite bound
 */
public record MetricFilter(String key, Comparison op, double value) {
    /** How the latest value is compared with the bound. */
    public enum Comparison {
        LESS_THAN("<"), AT_MOST("<="), EQUAL("=="), AT_LEAST(">="), GREATER_THAN(">");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        /** @return the operator as written, e.g. {@code >=} */
        public String symbol() {
            return symbol;
        }

        /** @return whether {@code observed op bound} holds */
        public boolean test(double observed, double bound) {
            return switch (this) {
                case LESS_THAN -> observed < bound;
                case AT_MOST -> observed <= bound;
                case EQUAL -> observed == bound;
                case AT_LEAST -> observed >= bound;
                case GREATER_THAN -> observed > bound;
            };
        }
    }

    public MetricFilter {
        Checks.key("metric filter key", key);
        Checks.notNull("op", op);
        Checks.finite("metric filter bound for '" + key + "'", value);
    }

    /** @return whether {@code run} has the metric and its latest value passes */
    public boolean matches(RunRecord run) {
        MetricPoint p = run.latestMetrics().get(key);
        return p != null && op.test(p.value(), value);
    }

    /** @return the same threshold as a clause of a {@link RunFilter} */
    public io.mllifecycle.store.Comparison toComparison() {
        io.mllifecycle.store.Comparison.NumberOp numberOp = switch (op) {
            case LESS_THAN -> io.mllifecycle.store.Comparison.NumberOp.LESS_THAN;
            case AT_MOST -> io.mllifecycle.store.Comparison.NumberOp.AT_MOST;
            case EQUAL -> io.mllifecycle.store.Comparison.NumberOp.EQUAL;
            case AT_LEAST -> io.mllifecycle.store.Comparison.NumberOp.AT_LEAST;
            case GREATER_THAN -> io.mllifecycle.store.Comparison.NumberOp.GREATER_THAN;
        };
        return new io.mllifecycle.store.Comparison.Numeric(RunField.metric(key), numberOp, value);
    }

    @Override
    public String toString() {
        return key + " " + op.symbol() + " " + value;
    }
}
