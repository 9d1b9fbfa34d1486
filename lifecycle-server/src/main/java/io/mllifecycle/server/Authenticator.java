package io.mllifecycle.server;

import java.util.Optional;

/**
 * Turns the secret of a bearer token into a {@link Principal}. {@link TokenFile} is the implementation
 * the runnable jar uses; a host embedding the server may supply its own.
 *
 * <p>Implementations must be thread-safe and compare secrets in constant time.
 */
@FunctionalInterface
public interface Authenticator {
    /**
     * @param token the token exactly as sent after {@code Bearer }, never null
     * @return the principal, or empty if the token is unknown
     */
    Optional<Principal> authenticate(String token);
}
