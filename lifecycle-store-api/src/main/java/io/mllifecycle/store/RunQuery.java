package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A search over the runs of some experiments, or of all: a {@link RunFilter}, an order, and a page.
 * Build with {@link #builder(String)} or {@link #builder()}, from a filter string in MLflow's syntax
 * ({@link Builder#filter(String)}) or clause by clause.
 *
 * <p>Order: by each {@link OrderBy} key in turn, runs lacking a key after those that have it (in both
 * directions), then by run id ascending (start order); without keys, by run id. Pages are continued
 * with {@link RunPage#nextPageToken()}; a token is only valid for a query with the same experiments,
 * filter and order (page size may differ), and is refused otherwise.
 *
 * @param experimentIds the experiments searched, sorted and distinct; empty searches every experiment
 * @param filter        the clauses every returned run passes
 * @param orderBy       the order keys, most significant first
 * @param pageSize      1 … {@value #MAX_PAGE_SIZE}
 * @param pageToken     token from a previous page, or null for the first page
 * @param viewType      deleted runs (or runs of deleted experiments) shown or not; null means
 *                      {@link ViewType#ACTIVE_ONLY}
 * @param countMatches  whether the page also counts every match ({@link RunPage#count()}); counting costs a
 *                      pass over all matches (on PostgreSQL most of a first page's time), so it is off unless
 *                      asked for with {@link Builder#countMatches()}
 */
public record RunQuery(List<String> experimentIds, RunFilter filter, List<OrderBy> orderBy, int pageSize,
                       String pageToken, ViewType viewType, boolean countMatches) {
    /** Largest page. */
    public static final int MAX_PAGE_SIZE = 10_000;

    public RunQuery {
        Checks.notNull("experimentIds", experimentIds);
        TreeSet<String> ids = new TreeSet<>();
        for (int i = 0; i < experimentIds.size(); i++) {
            ids.add(Checks.notNull("experimentIds[" + i + "]", experimentIds.get(i)));
        }
        experimentIds = List.copyOf(ids);
        Checks.notNull("filter", filter);
        orderBy = Copies.list("orderBy", orderBy);
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be between 1 and " + MAX_PAGE_SIZE
                    + ", but was " + pageSize);
        }
        if (pageToken != null && pageToken.isEmpty()) {
            throw new IllegalArgumentException("pageToken must be null for the first page or a token from a page,"
                    + " but was ''");
        }
        if (viewType == null) {
            viewType = ViewType.ACTIVE_ONLY;
        }
    }

    /** A query over runs that are not deleted, not counting its matches. */
    public RunQuery(List<String> experimentIds, RunFilter filter, List<OrderBy> orderBy, int pageSize,
                    String pageToken) {
        this(experimentIds, filter, orderBy, pageSize, pageToken, ViewType.ACTIVE_ONLY, false);
    }

    /** A query that does not count its matches (see {@link #countMatches()}). */
    public RunQuery(List<String> experimentIds, RunFilter filter, List<OrderBy> orderBy, int pageSize,
                    String pageToken, ViewType viewType) {
        this(experimentIds, filter, orderBy, pageSize, pageToken, viewType, false);
    }

    /** A query over runs that are not deleted (see {@link #countMatches()}). */
    public RunQuery(List<String> experimentIds, RunFilter filter, List<OrderBy> orderBy, int pageSize,
                    String pageToken, boolean countMatches) {
        this(experimentIds, filter, orderBy, pageSize, pageToken, ViewType.ACTIVE_ONLY, countMatches);
    }

    /** @return the same query asking for the page after {@code token} (null: the first page) */
    public RunQuery withPageToken(String token) {
        return new RunQuery(experimentIds, filter, orderBy, pageSize, token, viewType, countMatches);
    }

    /** @return whether a run, deleted itself or in a deleted experiment ({@code experimentDeleted}), is shown */
    public boolean shows(RunRecord run, boolean experimentDeleted) {
        return viewType.shows(run.deleted() || experimentDeleted);
    }

    /**
     * @return the same query, counting every match or not; a page token stays valid either way
     */
    public RunQuery withCountMatches(boolean count) {
        return new RunQuery(experimentIds, filter, orderBy, pageSize, pageToken, viewType, count);
    }

    /** @return whether the query searches every experiment */
    public boolean allExperiments() {
        return experimentIds.isEmpty();
    }

    /** @return a builder for a query over {@code experimentId}, page size 100 */
    public static Builder builder(String experimentId) {
        return new Builder().experiments(List.of(Checks.notNull("experimentId", experimentId)));
    }

    /** @return a builder for a query over every experiment (narrow it with {@link Builder#experiments}), page size 100 */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link RunQuery}; every method checks its arguments at once. */
    public static final class Builder {
        private final List<String> experiments = new ArrayList<>();
        private final List<Comparison> clauses = new ArrayList<>();
        private final List<OrderBy> order = new ArrayList<>();
        private int pageSize = 100;
        private String pageToken;
        private ViewType viewType = ViewType.ACTIVE_ONLY;
        private boolean countMatches;

        private Builder() {}

        /** Which runs by deletion: {@link ViewType#ACTIVE_ONLY} (the default), deleted only, or all. */
        public Builder viewType(ViewType viewType) {
            this.viewType = Checks.notNull("viewType", viewType);
            return this;
        }

        /** Adds experiments to search (none added: every experiment). */
        public Builder experiments(Collection<String> experimentIds) {
            Checks.notNull("experimentIds", experimentIds);
            int i = 0;
            for (String id : experimentIds) {
                experiments.add(Checks.notNull("experimentIds[" + i++ + "]", id));
            }
            return this;
        }

        /** Adds experiments to search (none added: every experiment). */
        public Builder experiments(String... experimentIds) {
            return experiments(Arrays.asList(Checks.notNull("experimentIds", experimentIds)));
        }

        /**
         * Adds the clauses of a filter string in MLflow's syntax, e.g.
         * {@code metrics.auc > 0.8 and params.depth = '6'} (see {@link RunFilter}).
         *
         * @throws FilterSyntaxException naming the position and what was expected
         */
        public Builder filter(String filter) {
            clauses.addAll(RunFilter.parse(filter).clauses());
            return this;
        }

        /** Adds clauses. */
        public Builder where(Comparison... more) {
            Checks.notNull("clauses", more);
            for (int i = 0; i < more.length; i++) {
                clauses.add(Checks.notNull("clauses[" + i + "]", more[i]));
            }
            return this;
        }

        /** Requires param {@code key} to equal {@code value}. */
        public Builder param(String key, String value) {
            return where(new Comparison.Text(RunField.param(key), Comparison.TextOp.EQUAL,
                    Checks.paramValue("param value", value)));
        }

        /** Requires tag {@code key} to equal {@code value}. */
        public Builder tag(String key, String value) {
            return where(new Comparison.Text(RunField.tag(key), Comparison.TextOp.EQUAL,
                    Checks.tagValue("tag value", value)));
        }

        /** Requires the latest value of metric {@code key} to satisfy {@code op value}. */
        public Builder metric(String key, MetricFilter.Comparison op, double value) {
            return where(new MetricFilter(key, op, value).toComparison());
        }

        /** Requires the run's status. */
        public Builder status(RunStatus status) {
            Checks.notNull("status", status);
            return where(new Comparison.Text(RunField.attribute(RunAttribute.STATUS), Comparison.TextOp.EQUAL,
                    status.name()));
        }

        /** Adds an order key: the latest value of metric {@code key}. */
        public Builder orderBy(String key, boolean ascending) {
            return orderBy(new OrderBy(RunField.metric(key), ascending));
        }

        /** Adds order keys. */
        public Builder orderBy(OrderBy... keys) {
            Checks.notNull("keys", keys);
            for (int i = 0; i < keys.length; i++) {
                order.add(Checks.notNull("keys[" + i + "]", keys[i]));
            }
            return this;
        }

        /**
         * Adds the keys of an order string such as {@code metrics.auc DESC, start_time}.
         *
         * @throws FilterSyntaxException naming the position and what was expected
         */
        public Builder order(String order) {
            this.order.addAll(OrderBy.parse(order));
            return this;
        }

        /** Page size, 1 … {@value RunQuery#MAX_PAGE_SIZE}; checked by {@link #build()}. */
        public Builder pageSize(int pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        /** Continues after a previous page. */
        public Builder pageToken(String token) {
            this.pageToken = token;
            return this;
        }

        /**
         * Asks the page to count every match as well ({@link RunPage#count()}), for a caller that shows a
         * total; a page that is only read or continued should not ask, as counting visits every match.
         */
        public Builder countMatches() {
            this.countMatches = true;
            return this;
        }

        /** @return the query */
        public RunQuery build() {
            return new RunQuery(experiments, new RunFilter(clauses), order, pageSize, pageToken, viewType,
                    countMatches);
        }
    }
}
