package io.mllifecycle.store;

import java.util.EnumSet;
import java.util.Set;

/**
 * Stage of a model version. Allowed ordinary transitions:
 * {@code DEVELOPMENT → STAGING → PRODUCTION → DEPRECATED → RETIRED}, {@code STAGING → DEVELOPMENT}
 * (rejected), {@code PRODUCTION → STAGING} (rollback). {@code any → RETIRED} is possible only through
 * a retirement policy or an explicit, audited force. {@link #RETIRED} is terminal.
 */
public enum Stage {
    DEVELOPMENT, STAGING, PRODUCTION, DEPRECATED, RETIRED;

    /** @return the stages an ordinary (not forced) transition may move to from this one */
    public Set<Stage> ordinaryTargets() {
        return switch (this) {
            case DEVELOPMENT -> EnumSet.of(STAGING);
            case STAGING -> EnumSet.of(PRODUCTION, DEVELOPMENT);
            case PRODUCTION -> EnumSet.of(DEPRECATED, STAGING);
            case DEPRECATED -> EnumSet.of(RETIRED);
            case RETIRED -> EnumSet.noneOf(Stage.class);
        };
    }

    /** @return true if an ordinary transition from this stage to {@code target} is allowed */
    public boolean canMoveTo(Stage target) {
        return ordinaryTargets().contains(target);
    }
}
