package io.mllifecycle.server;

/**
 * Who a request comes from: the actor recorded on its writes and the role that bounds what it may do.
 *
 * @param actor     the actor name written into runs, stage changes and audit events
 * @param role      the role of the token
 * @param anonymous true for a request without a token admitted by {@code --read-only-anonymous}
 */
public record Principal(String actor, Role role, boolean anonymous) {
    /** Actor name of anonymous readers. */
    public static final String ANONYMOUS = "anonymous";

    public Principal {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("actor must be a non-blank name, but was '" + actor + "'");
        }
        if (role == null) {
            throw new IllegalArgumentException("role must be set, but was null");
        }
        if (anonymous && role != Role.READER) {
            throw new IllegalArgumentException("an anonymous principal can only be a reader, but was " + role);
        }
    }
}
