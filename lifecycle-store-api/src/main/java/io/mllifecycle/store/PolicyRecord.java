package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;
import java.time.Instant;

/**
 * One revision of a governance policy stored in the registry, so that every process that opens the store
 * enforces the same rules. The store keeps the body opaque (like {@link ProfileData}); the core reads it.
 *
 * @param scope     a model name, or {@link #DEFAULT_SCOPE} for the policy of every model without its own
 * @param revision  1, 2, 3 … per scope, gapless; compare-and-set on change
 * @param mediaType names the body's format and version, e.g. {@code application/vnd.mllifecycle.policy.v1+json}
 * @param body      the policy, as text
 * @param createdAt when this revision was stored
 * @param actor     who stored it
 */
public record PolicyRecord(String scope, int revision, String mediaType, String body, Instant createdAt,
                           String actor) {
    /** The scope of the policy that applies to every model without a policy of its own. */
    public static final String DEFAULT_SCOPE = "*";

    public PolicyRecord {
        checkScope(scope);
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be ≥ 1, but was " + revision);
        }
        Checks.name("mediaType", mediaType);
        Checks.notNull("body", body);
        if (body.length() > 1_000_000) {
            throw new IllegalArgumentException("body must be at most 1000000 characters, but had " + body.length());
        }
        Checks.notNull("createdAt", createdAt);
        Checks.name("actor", actor);
    }

    /** @return {@code scope} if it is {@link #DEFAULT_SCOPE} or a valid model name */
    public static String checkScope(String scope) {
        Checks.notNull("scope", scope);
        return DEFAULT_SCOPE.equals(scope) ? scope : Checks.modelName("scope", scope);
    }
}
