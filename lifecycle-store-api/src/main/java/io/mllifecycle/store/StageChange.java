package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.time.Instant;

/**
 * One entry of a model version's stage history.
 *
 * @param from   stage before (null for the initial stage)
 * @param to     stage after
 * @param at     when
 * @param actor  who
 * @param reason why, possibly empty; forced transitions say so here
 */
public record StageChange(Stage from, Stage to, Instant at, String actor, String reason) {
    public StageChange {
        Checks.notNull("to", to);
        Checks.notNull("at", at);
        Checks.name("actor", actor);
        Checks.description("reason", reason);
    }
}
