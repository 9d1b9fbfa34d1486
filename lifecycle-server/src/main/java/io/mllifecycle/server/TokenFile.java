package io.mllifecycle.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Bearer tokens kept in a JSON file as salted SHA-256 hashes, never in clear.
 *
 * <p>A token reads {@code mllc_<id>_<secret>}: the id (not secret) finds the entry, the secret's salted
 * hash is compared with {@link MessageDigest#isEqual} (constant time). Secrets are 32 random bytes, so a
 * salted hash suffices; a slow password hash would only slow every request. {@link #addToken} creates a
 * token, writes its hash and returns the token — the only time it is ever shown.
 *
 * <p>File format: {@code {"tokens":[{"id":…,"actor":…,"role":"writer","salt":…,"sha256":…,"created":…}]}}.
 * Thread-safe and immutable once loaded.
 */
public final class TokenFile implements Authenticator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TOKEN = Pattern.compile("mllc_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})");
    private static final Pattern ACTOR = Pattern.compile("[A-Za-z0-9._@-]{1,128}");
    private static final byte[] DUMMY_SALT = new byte[16];

    private record Entry(String id, String actor, Role role, byte[] salt, byte[] hash, String created) {}

    private final Map<String, Entry> byId;

    private TokenFile(Map<String, Entry> byId) {
        this.byId = Map.copyOf(byId);
    }

    /**
     * Reads a token file.
     *
     * @throws IllegalArgumentException if the file is missing or malformed, naming the file and the entry
     */
    public static TokenFile load(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file must be a token file path, but was null");
        }
        return new TokenFile(read(file));
    }

    /** @return a token file with no tokens (every request without anonymous access gets 401) */
    public static TokenFile empty() {
        return new TokenFile(Map.of());
    }

    /**
     * Creates a token for {@code actor} with {@code role}, appends its salted hash to {@code file}
     * (created if absent, owner-only permissions where the file system has them) and returns the
     * token. The token is not stored and cannot be shown again.
     *
     * @throws IllegalArgumentException if the actor is not 1–128 of {@code A-Z a-z 0-9 . _ @ -}
     */
    public static synchronized String addToken(Path file, String actor, Role role) {
        if (file == null) {
            throw new IllegalArgumentException("file must be a token file path, but was null");
        }
        if (actor == null || !ACTOR.matcher(actor).matches()) {
            throw new IllegalArgumentException("actor must be 1-128 of A-Z a-z 0-9 . _ @ -, but was '" + actor + "'");
        }
        if (role == null) {
            throw new IllegalArgumentException("role must be set, but was null");
        }
        Map<String, Entry> entries = Files.exists(file) ? read(file) : new LinkedHashMap<>();
        String id = randomAlphanumeric(12);
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        ObjectNode root = JSON.createObjectNode();
        ArrayNode tokens = root.putArray("tokens");
        for (Entry e : entries.values()) {
            write(tokens.addObject(), e);
        }
        write(tokens.addObject(), new Entry(id, actor, role, salt, hash(salt, secret), Instant.now().toString()));
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".tokens", ".tmp");
            try {
                restrict(tmp);
                Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write token file " + file, e);
        }
        return "mllc_" + id + "_" + secret;
    }

    @Override
    public Optional<Principal> authenticate(String token) {
        if (token == null) {
            return Optional.empty();
        }
        var m = TOKEN.matcher(token);
        if (!m.matches()) {
            return Optional.empty();
        }
        Entry e = byId.get(m.group(1));
        byte[] computed = hash(e == null ? DUMMY_SALT : e.salt(), m.group(2));
        if (e == null) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(computed, e.hash())
                ? Optional.of(new Principal(e.actor(), e.role(), false)) : Optional.empty();
    }

    /** @return how many tokens the file holds */
    public int size() {
        return byId.size();
    }

    private static Map<String, Entry> read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("token file " + file + " must be readable JSON: " + e.getMessage(), e);
        }
        JsonNode tokens = root == null ? null : root.get("tokens");
        if (tokens == null || !tokens.isArray()) {
            throw new IllegalArgumentException("token file " + file + " must hold {\"tokens\":[…]}, but has "
                    + (root == null ? "nothing" : root.toString()));
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode t : tokens) {
            String where = "token file " + file + " entry " + i++;
            for (String field : List.of("id", "actor", "role", "salt", "sha256")) {
                if (!t.path(field).isTextual()) {
                    throw new IllegalArgumentException(where + " must have a text field '" + field + "'");
                }
            }
            try {
                Entry e = new Entry(t.get("id").asText(), t.get("actor").asText(), Role.parse(t.get("role").asText()),
                        Base64.getDecoder().decode(t.get("salt").asText()),
                        Base64.getDecoder().decode(t.get("sha256").asText()), t.path("created").asText(""));
                if (out.put(e.id(), e) != null) {
                    throw new IllegalArgumentException(where + " repeats id " + e.id());
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static void write(ObjectNode node, Entry e) {
        node.put("id", e.id()).put("actor", e.actor()).put("role", e.role().label())
                .put("salt", Base64.getEncoder().encodeToString(e.salt()))
                .put("sha256", Base64.getEncoder().encodeToString(e.hash()));
        if (!e.created().isEmpty()) {
            node.put("created", e.created());
        }
    }

    private static byte[] hash(byte[] salt, String secret) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(salt);
            return d.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static String randomAlphanumeric(int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: permissions are left to the directory
        }
    }
}
