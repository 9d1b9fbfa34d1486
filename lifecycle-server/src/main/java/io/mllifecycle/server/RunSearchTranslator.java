package io.mllifecycle.server;

import io.mllifecycle.store.FilterSyntaxException;
import io.mllifecycle.store.RunQuery;
import java.util.List;

/**
 * Turns MLflow's {@code runs/search} {@code filter} and {@code order_by} into a {@link RunQuery} through the
 * store API's search language (MLflow's own filter grammar, parsed once into a query tree that every store
 * executes). A filter or order the grammar refuses is MLflow's {@code INVALID_PARAMETER_VALUE}, carrying the
 * parser's message with its position and caret.
 */
final class RunSearchTranslator {
    private RunSearchTranslator() {}

    static RunQuery translate(String experimentId, String filter, List<String> orderBy, int pageSize, String token) {
        RunQuery.Builder q = RunQuery.builder(experimentId).pageSize(pageSize);
        if (token != null && !token.isEmpty()) {
            q.pageToken(token);
        }
        try {
            if (filter != null && !filter.isBlank()) {
                q.filter(filter);
            }
            for (String order : orderBy) {
                q.order(order);
            }
        } catch (FilterSyntaxException e) {
            throw ApiException.invalid("Invalid search expression: " + e.getMessage());
        }
        return q.build();
    }
}
