package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.time.Instant;

/**
 * One move of a model alias.
 *
 * @param alias       alias name, e.g. {@code champion}
 * @param fromVersion version it pointed to before, or null if it was unset
 * @param toVersion   version it points to after, or null if it was removed
 * @param at          when
 * @param actor       who
 */
public record AliasChange(String alias, Integer fromVersion, Integer toVersion, Instant at, String actor) {
    public AliasChange {
        Checks.key("alias", alias);
        Checks.notNull("at", at);
        Checks.name("actor", actor);
    }
}
