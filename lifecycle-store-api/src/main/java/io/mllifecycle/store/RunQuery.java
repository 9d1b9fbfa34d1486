package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A search over the runs of one experiment: equality filters on params and tags, thresholds on latest
 * metric values, an optional status, an order and a page. Build with {@link #builder(String)}.
 *
 * <p>Order: by the latest value of {@link #orderByMetric()} (runs without it come last), then by run
 * id ascending (start order); without an order metric, by run id ascending. Pages are continued with
 * {@link RunPage#nextPageToken()}; a token is only valid for the same query.
 *
 * @param experimentId  the experiment
 * @param params        param key → required value
 * @param tags          tag key → required value
 * @param metrics       metric thresholds, all must hold
 * @param status        required status, or null for any
 * @param orderByMetric metric to order by, or null
 * @param ascending     order of the metric
 * @param pageSize      1 … {@value #MAX_PAGE_SIZE}
 * @param pageToken     token from a previous page, or null for the first page
 */
public record RunQuery(String experimentId, Map<String, String> params, Map<String, String> tags,
                       List<MetricFilter> metrics, RunStatus status, String orderByMetric, boolean ascending,
                       int pageSize, String pageToken) {
    /** Largest page. */
    public static final int MAX_PAGE_SIZE = 10_000;

    public RunQuery {
        Checks.notNull("experimentId", experimentId);
        params = Copies.sorted("params", params);
        tags = Copies.sorted("tags", tags);
        metrics = Copies.list("metrics", metrics);
        if (orderByMetric != null) {
            Checks.key("orderByMetric", orderByMetric);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be between 1 and " + MAX_PAGE_SIZE
                    + ", but was " + pageSize);
        }
    }

    /** @return whether {@code run} passes every filter of this query (experiment included) */
    public boolean matches(RunRecord run) {
        if (!run.experimentId().equals(experimentId) || (status != null && run.status() != status)) {
            return false;
        }
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!e.getValue().equals(run.params().get(e.getKey()))) {
                return false;
            }
        }
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (!e.getValue().equals(run.tags().get(e.getKey()))) {
                return false;
            }
        }
        return metrics.stream().allMatch(m -> m.matches(run));
    }

    /** @return the same query asking for the page after {@code token} */
    public RunQuery withPageToken(String token) {
        return new RunQuery(experimentId, params, tags, metrics, status, orderByMetric, ascending, pageSize, token);
    }

    /** @return a builder for a query over {@code experimentId}, page size 100 */
    public static Builder builder(String experimentId) {
        return new Builder(experimentId);
    }

    /** Builds a {@link RunQuery}. */
    public static final class Builder {
        private final String experimentId;
        private final Map<String, String> params = new LinkedHashMap<>();
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final List<MetricFilter> metrics = new ArrayList<>();
        private RunStatus status;
        private String orderBy;
        private boolean ascending;
        private int pageSize = 100;
        private String pageToken;

        private Builder(String experimentId) {
            this.experimentId = Checks.notNull("experimentId", experimentId);
        }

        /** Requires param {@code key} to equal {@code value}. */
        public Builder param(String key, String value) {
            params.put(Checks.key("param key", key), Checks.paramValue("param value", value));
            return this;
        }

        /** Requires tag {@code key} to equal {@code value}. */
        public Builder tag(String key, String value) {
            tags.put(Checks.key("tag key", key), Checks.tagValue("tag value", value));
            return this;
        }

        /** Requires the latest value of metric {@code key} to satisfy {@code op value}. */
        public Builder metric(String key, MetricFilter.Comparison op, double value) {
            metrics.add(new MetricFilter(key, op, value));
            return this;
        }

        /** Requires the run's status. */
        public Builder status(RunStatus status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        /** Orders by the latest value of metric {@code key}. */
        public Builder orderBy(String key, boolean ascending) {
            this.orderBy = Checks.key("orderBy metric", key);
            this.ascending = ascending;
            return this;
        }

        /** Page size, 1 … {@value RunQuery#MAX_PAGE_SIZE}. */
        public Builder pageSize(int pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        /** Continues after a previous page. */
        public Builder pageToken(String token) {
            this.pageToken = token;
            return this;
        }

        /** @return the query */
        public RunQuery build() {
            return new RunQuery(experimentId, params, tags, metrics, status, orderBy, ascending, pageSize, pageToken);
        }
    }
}
