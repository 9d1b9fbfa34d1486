package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.time.Instant;
import java.util.Map;

/**
 * An audit event before the store places it in the chain.
 *
 * @param time    when it happened
 * @param actor   who did it
 * @param action  what, e.g. {@code model.version.transition}
 * @param subject on what, e.g. {@code churn/7}
 * @param details further facts, e.g. {@code from → STAGING}
 */
public record AuditEntry(Instant time, String actor, String action, String subject, Map<String, String> details) {
    public AuditEntry {
        Checks.notNull("time", time);
        Checks.name("actor", actor);
        Checks.key("action", action);
        Checks.name("subject", subject);
        details = Copies.sorted("details", details);
        details.forEach((k, v) -> {
            Checks.key("details key", k);
            Checks.description("details['" + k + "']", v);
        });
    }
}
