package io.mllifecycle.server;

import io.mllifecycle.store.Stage;
import java.util.Locale;

/**
 * MLflow's stage names onto ours and back.
 *
 * <p>{@code None → DEVELOPMENT}, {@code Staging → STAGING}, {@code Production → PRODUCTION},
 * {@code Archived → DEPRECATED}. Archived maps to DEPRECATED, not RETIRED, because RETIRED is terminal
 * and reached only through a retirement policy or an audited force; DEPRECATED is what a version taken
 * out of service becomes through the ordinary stage machine (from PRODUCTION). Back: DEPRECATED and
 * RETIRED both read as {@code Archived}.
 */
final class StageNames {
    private StageNames() {}

    static Stage fromMlflow(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> Stage.DEVELOPMENT;
            case "staging" -> Stage.STAGING;
            case "production" -> Stage.PRODUCTION;
            case "archived" -> Stage.DEPRECATED;
            default -> throw ApiException.invalid("Invalid Model Version stage: " + name
                    + ". Value must be one of None, Staging, Production, Archived.");
        };
    }

    static String toMlflow(Stage stage) {
        return switch (stage) {
            case DEVELOPMENT -> "None";
            case STAGING -> "Staging";
            case PRODUCTION -> "Production";
            case DEPRECATED, RETIRED -> "Archived";
        };
    }
}
