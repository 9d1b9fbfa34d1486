package io.mllifecycle.server.ui;

import io.mllifecycle.server.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of the web UI: a random id (256 bits from {@link SecureRandom}) held by the browser in
 * an HttpOnly cookie, mapped here to the principal whose token was posted to the login form, until an
 * absolute expiry. The token itself never leaves the login request; the map is keyed by the SHA-256 of
 * the id, so a heap dump of this map does not yield usable cookies.
 */
final class Sessions {
    /** Sessions kept at most; past this, expired ones are dropped, then the oldest. */
    static final int MAX_SESSIONS = 10_000;

    private record Session(Principal principal, Instant created, Instant expires) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byHash = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    Sessions(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    Duration ttl() {
        return ttl;
    }

    /** @return the new session's id, to be set as the cookie value */
    String create(Principal principal) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        if (byHash.size() >= MAX_SESSIONS) {
            byHash.values().removeIf(s -> !s.expires().isAfter(now));
            while (byHash.size() >= MAX_SESSIONS) {
                byHash.entrySet().stream().min(Comparator.comparing(e -> e.getValue().created()))
                        .ifPresent(e -> byHash.remove(e.getKey()));
            }
        }
        byHash.put(hash(id), new Session(principal, now, now.plus(ttl)));
        return id;
    }

    /** @return the principal of a live session; an expired one is removed and yields empty */
    Optional<Principal> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        String key = hash(id);
        Session s = byHash.get(key);
        if (s == null) {
            return Optional.empty();
        }
        if (!s.expires().isAfter(clock.instant())) {
            byHash.remove(key);
            return Optional.empty();
        }
        return Optional.of(s.principal());
    }

    /** Ends a session. @return whether there was one */
    boolean remove(String id) {
        return id != null && byHash.remove(hash(id)) != null;
    }

    int size() {
        return byHash.size();
    }

    private static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
