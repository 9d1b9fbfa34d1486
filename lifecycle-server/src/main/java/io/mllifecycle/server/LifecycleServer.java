package io.mllifecycle.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.gate.GateFailedException;
import io.mllifecycle.gate.GatePolicy;
import io.mllifecycle.registry.InvalidTransitionException;
import io.mllifecycle.retirement.PolicyValidationException;
import io.mllifecycle.store.ConflictException;
import io.mllifecycle.store.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP service over a {@link Lifecycle}: MLflow's REST API 2.0 under {@code /api/2.0/mlflow/} and
 * {@code /api/2.0/mlflow-artifacts/}, our own API under {@code /api/lifecycle/v1/}.
 *
 * <pre>{@code
 * try (LifecycleServer server = LifecycleServer.builder(lifecycle).port(0).auth(TokenFile.load(tokens)).start()) {
 *     int port = server.port();
 *     …
 * }
 * }</pre>
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver} with TCP_NODELAY, a bounded pool of worker
 * threads with a bounded queue (when both are full, accepting waits: back-pressure instead of
 * unbounded memory), a limit on body size and on JSON nesting. Without TLS it binds to the loopback
 * address unless {@link Builder#bindAddress} says otherwise, and its start-up log line says where it
 * listens. Every request needs a bearer token unless {@link Builder#readOnlyAnonymous} admits readers
 * without one; writes are recorded under the token's actor, whatever the request claims.
 *
 * <p>{@link #close()} stops accepting, lets requests in flight finish for at most the grace period,
 * stops the workers and flushes the store. It does not close the lifecycle or its store, which the
 * caller owns.
 */
public final class LifecycleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleServer.class);

    static {
        // read once by the JDK server's configuration class: set before the first server is created
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer http;
    private final ThreadPoolExecutor workers;
    private final Lifecycle lifecycle;
    private final Duration grace;
    private final int port;
    private final String scheme;
    private volatile boolean closed;
    private final Router router;

    private LifecycleServer(Builder b) throws IOException {
        this.lifecycle = b.lifecycle;
        this.grace = b.grace;
        InetAddress address = b.bindAddress != null ? b.bindAddress : InetAddress.getLoopbackAddress();
        InetSocketAddress socket = new InetSocketAddress(address, b.port);
        if (b.keyStore != null) {
            HttpsServer https = HttpsServer.create(socket, b.backlog);
            https.setHttpsConfigurator(new HttpsConfigurator(sslContext(b.keyStore, b.keyStorePassword)));
            this.http = https;
            this.scheme = "https";
        } else {
            this.http = HttpServer.create(socket, b.backlog);
            this.scheme = "http";
        }
        ArrayBlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(b.queue);
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(b.threads, b.threads, 60, TimeUnit.SECONDS, queue, r -> {
            Thread t = new Thread(r, "lifecycle-server-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, (r, pool) -> {
            // both pool and queue are full: make the accepting thread wait for room
            if (pool.isShutdown()) {
                throw new RejectedExecutionException("server is closing");
            }
            try {
                pool.getQueue().put(r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RejectedExecutionException("interrupted while waiting for a worker", e);
            }
        });
        ActorViews views = new ActorViews(b.lifecycle, b.gatePolicy, b.clock, b.resolveTtl);
        Router router = Endpoints.router(views, b.clock);
        this.router = router;
        http.createContext("/", new Dispatcher(router, views, b.authenticator, b.readOnlyAnonymous, b.maxBody));
        // the read-only web UI: its own context, since browsers authenticate with a session cookie
        http.createContext(io.mllifecycle.server.ui.WebUi.BASE, io.mllifecycle.server.ui.WebUi.create(b.lifecycle,
                b.authenticator, b.readOnlyAnonymous, b.keyStore != null, b.uiSessionTtl, Clock.systemUTC()));
        http.setExecutor(workers);
        http.start();
        this.port = http.getAddress().getPort();
        LOG.info("lifecycle-server listening on {}://{}:{} ({}{}; {} workers, body limit {} bytes, auth: {})", scheme,
                address.getHostAddress(), port,
                address.isLoopbackAddress() ? "loopback only" : "all clients that can reach this address",
                b.keyStore != null ? ", TLS" : ", no TLS", b.threads, b.maxBody,
                b.readOnlyAnonymous ? "bearer tokens, anonymous read-only allowed" : "bearer tokens required");
        LOG.info("lifecycle-server web UI at {}://{}:{}{}/ (login with a token{})", scheme, address.getHostAddress(),
                port, io.mllifecycle.server.ui.WebUi.BASE, b.readOnlyAnonymous ? ", or browse anonymously" : "");
    }

    /** @return a builder serving {@code lifecycle}; the lifecycle stays the caller's to close */
    public static Builder builder(Lifecycle lifecycle) {
        return new Builder(Objects.requireNonNull(lifecycle, "lifecycle must be set, but was null"));
    }

    /** @return the port the server is bound to (the one chosen by the system for {@code port(0)}) */
    public int port() {
        return port;
    }

    /** @return {@code http://host:port} or {@code https://…}, the base URL clients use */
    public String url() {
        return scheme + "://" + http.getAddress().getAddress().getHostAddress() + ":" + port;
    }

    /**
     * Stops accepting, waits up to the grace period for requests in flight, stops the workers and
     * flushes the store. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long seconds = Math.max(0, (grace.toMillis() + 999) / 1000);
        // HttpServer.stop closes the listening socket at once, then (JDK 17) waits the whole delay when no
        // exchange is running at that moment; so stop on a helper thread, wait here for the workers to
        // drain (bounded by the grace period), then end the wait with a second stop(0).
        Thread stopper = new Thread(() -> http.stop((int) Math.min(Integer.MAX_VALUE, seconds)),
                "lifecycle-server-stop");
        stopper.setDaemon(true);
        stopper.start();
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            Thread.sleep(20); // let the listening socket close before judging the workers idle
            while ((workers.getActiveCount() > 0 || !workers.getQueue().isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            http.stop(0);
            stopper.join(grace.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            http.stop(0);
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS)) {
                LOG.warn("lifecycle-server: {} requests still running after {}; interrupting them",
                        workers.getActiveCount(), grace);
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        router.closeResources().forEach(e -> LOG.warn("lifecycle-server: closing an endpoint's resource failed", e));
        lifecycle.store().flush();
        LOG.info("lifecycle-server on port {} stopped", port);
    }

    private static SSLContext sslContext(Path keyStore, char[] password) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("keyStore " + keyStore + " must be a readable key store (PKCS12 or JKS)"
                    + " whose password is the one given: " + e.getMessage(), e);
        }
    }

    /** Configures a {@link LifecycleServer}; each setter checks its argument at once. */
    public static final class Builder {
        private final Lifecycle lifecycle;
        private int port = 5000;
        private InetAddress bindAddress;
        private Authenticator authenticator;
        private boolean readOnlyAnonymous;
        private Path keyStore;
        private char[] keyStorePassword;
        private int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
        private int queue = 1024;
        private int backlog = 256;
        private long maxBody = 64L * 1024 * 1024;
        private Duration grace = Duration.ofSeconds(10);
        private GatePolicy gatePolicy = GatePolicy.none();
        private Clock clock = Clock.systemUTC();
        private Duration resolveTtl = Duration.ofSeconds(5);
        private Duration uiSessionTtl = Duration.ofHours(8);

        private Builder(Lifecycle lifecycle) {
            this.lifecycle = lifecycle;
        }

        /** TCP port, 0 for any free port; default 5000. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, but was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Address to listen on; default the loopback address, so only this machine can connect. Pass
         * {@code 0.0.0.0} (any) to serve a network.
         */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "bindAddress must be set, but was null");
            return this;
        }

        /** Where bearer tokens are checked (required), usually {@link TokenFile#load}. */
        public Builder auth(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "auth must be set, but was null");
            return this;
        }

        /** Lets requests without a token read (never write), as actor {@value Principal#ANONYMOUS}. */
        public Builder readOnlyAnonymous(boolean allowed) {
            this.readOnlyAnonymous = allowed;
            return this;
        }

        /** Serves HTTPS with the first key of this key store (PKCS12 or JKS). */
        public Builder tls(Path keyStore, char[] password) {
            Objects.requireNonNull(keyStore, "keyStore must be set, but was null");
            Objects.requireNonNull(password, "keyStore password must be set, but was null");
            if (!Files.isReadable(keyStore)) {
                throw new IllegalArgumentException("keyStore must be a readable file, but was " + keyStore);
            }
            this.keyStore = keyStore;
            this.keyStorePassword = password.clone();
            return this;
        }

        /** Worker threads, 1…1024; default 4 per processor. */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 1024) {
                throw new IllegalArgumentException("threads must be between 1 and 1024, but was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Requests waiting for a worker before accepting pauses, 1…100 000; default 1024. */
        public Builder queue(int queue) {
            if (queue < 1 || queue > 100_000) {
                throw new IllegalArgumentException("queue must be between 1 and 100000, but was " + queue);
            }
            this.queue = queue;
            return this;
        }

        /** Largest request body in bytes (artifact uploads included); default 64 MiB. */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1024, but was " + bytes);
            }
            this.maxBody = bytes;
            return this;
        }

        /** How long {@link #close()} lets requests in flight finish; default 10 s. */
        public Builder shutdownGrace(Duration grace) {
            Objects.requireNonNull(grace, "shutdownGrace must be set, but was null");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("shutdownGrace must be ≥ 0, but was " + grace);
            }
            this.grace = grace;
            return this;
        }

        /** Gates every promotion through the server must pass (besides those stored in the registry). */
        public Builder gatePolicy(GatePolicy policy) {
            this.gatePolicy = Objects.requireNonNull(policy, "gatePolicy must be set, but was null");
            return this;
        }

        /** Clock of the writes made for each actor; default the UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must be set, but was null");
            return this;
        }

        /** How long a resolved {@code name@alias} is served from cache; default 5 s, 0 for never. */
        public Builder resolveCacheTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "resolveCacheTtl must be set, but was null");
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("resolveCacheTtl must be ≥ 0, but was " + ttl);
            }
            this.resolveTtl = ttl;
            return this;
        }

        /** How long a web UI login lasts before the browser must log in again, at least 1 minute; default 8 h. */
        public Builder uiSessionTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "uiSessionTtl must be set, but was null");
            if (ttl.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("uiSessionTtl must be at least 1 minute, but was " + ttl);
            }
            this.uiSessionTtl = ttl;
            return this;
        }

        /**
         * Binds and starts serving.
         *
         * @throws IllegalStateException if no authenticator was set
         * @throws UncheckedIOException if the port cannot be bound
         */
        public LifecycleServer start() {
            if (authenticator == null) {
                throw new IllegalStateException("auth must be set: LifecycleServer.builder(…).auth(TokenFile.load(…))");
            }
            try {
                return new LifecycleServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on port " + port + ": " + e.getMessage(), e);
            }
        }
    }

    /** Authenticates, routes, runs the handler and answers errors in MLflow's shape. */
    private static final class Dispatcher implements com.sun.net.httpserver.HttpHandler {
        private final Router router;
        private final ActorViews views;
        private final Authenticator authenticator;
        private final boolean anonymous;
        private final long maxBody;

        Dispatcher(Router router, ActorViews views, Authenticator authenticator, boolean anonymous, long maxBody) {
            this.router = router;
            this.views = views;
            this.authenticator = authenticator;
            this.anonymous = anonymous;
            this.maxBody = maxBody;
        }

        @Override
        public void handle(HttpExchange exchange) {
            try (exchange) {
                try {
                    Object result = dispatch(exchange);
                    if (result != Replies.SENT) {
                        Replies.json(exchange, 200, result);
                    }
                } catch (Exception e) {
                    fail(exchange, e);
                }
            } catch (RuntimeException e) {
                LOG.debug("could not finish answering {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            }
        }

        private Object dispatch(HttpExchange exchange) throws Exception {
            String path = exchange.getRequestURI().getPath();
            Paths.checkSafe(path);
            // an endpoint whose URL carries its own key is served without a bearer token (its handler checks it)
            Router.Match open = router.matchUrlAuthorised(exchange.getRequestMethod(), path);
            Principal principal = open != null ? new Principal(Principal.ANONYMOUS, Role.READER, true)
                    : authenticate(exchange);
            Router.Match match = open != null ? open : router.match(exchange.getRequestMethod(), path);
            Role needed = match.endpoint().role();
            if (needed != null && !principal.role().includes(needed)) {
                throw new ApiException(ApiException.Code.PERMISSION_DENIED, exchange.getRequestMethod() + " " + path
                        + " requires role '" + needed.label() + "', but " + (principal.anonymous()
                        ? "anonymous requests may only read" : "the token of '" + principal.actor() + "' has role '"
                        + principal.role().label() + "'") + ".");
            }
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            if (length != null) {
                try {
                    if (Long.parseLong(length.trim()) > maxBody) {
                        throw LimitedInputStream.tooLarge(maxBody);
                    }
                } catch (NumberFormatException e) {
                    throw ApiException.invalid("Bad Request. Content-Length must be a number, but was '" + length + "'.");
                }
            }
            Call call = new Call(exchange, principal, views.forActor(principal), match.params(), maxBody);
            return match.endpoint().handler().handle(call);
        }

        private Principal authenticate(HttpExchange exchange) {
            String header = exchange.getRequestHeaders().getFirst("Authorization");
            if (header == null || header.isBlank()) {
                if (anonymous) {
                    return new Principal(Principal.ANONYMOUS, Role.READER, true);
                }
                throw new ApiException(ApiException.Code.UNAUTHENTICATED,
                        "Authentication required: send 'Authorization: Bearer <token>'.");
            }
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new ApiException(ApiException.Code.UNAUTHENTICATED,
                        "Authorization must be 'Bearer <token>', but used another scheme.");
            }
            Optional<Principal> p = authenticator.authenticate(header.substring(7).trim());
            return p.orElseThrow(() -> new ApiException(ApiException.Code.UNAUTHENTICATED,
                    "The bearer token is not valid."));
        }

        private void fail(HttpExchange exchange, Exception e) {
            ApiException api = translate(exchange, e);
            ObjectNode body = Json.object().put("error_code", api.code.name()).put("message", api.getMessage());
            if (e instanceof GateFailedException g) {
                body.set("gate_report", Json.tree(g.report()));
            }
            if (api instanceof Router.MethodNotAllowed m) {
                exchange.getResponseHeaders().set("Allow", m.allow);
            }
            if (api.status == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"lifecycle-server\"");
            }
            if (api.status == 413) {
                exchange.getResponseHeaders().set("Connection", "close");
            }
            try {
                Replies.json(exchange, api.status, body);
            } catch (RuntimeException ioe) {
                LOG.debug("could not send the error answer for {}", exchange.getRequestURI(), ioe);
            }
        }

        private static ApiException translate(HttpExchange exchange, Exception e) {
            if (e instanceof ApiException a) {
                return a;
            }
            if (e instanceof NotFoundException) {
                return ApiException.notFound(e.getMessage());
            }
            if (e instanceof GateFailedException || e instanceof InvalidTransitionException
                    || e instanceof IllegalArgumentException || e instanceof PolicyValidationException
                    || e instanceof io.mllifecycle.registry.ApprovalRequiredException
                    || e instanceof io.mllifecycle.gate.GovernancePolicyException) {
                return ApiException.invalid(e.getMessage());
            }
            if (e instanceof io.mllifecycle.registry.SelfApprovalException) {
                return new ApiException(ApiException.Code.PERMISSION_DENIED, e.getMessage());
            }
            if (e instanceof ConflictException) {
                return new ApiException(ApiException.Code.RESOURCE_CONFLICT, e.getMessage());
            }
            if (e instanceof UncheckedIOException || e instanceof IOException) {
                LOG.debug("I/O failure on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                return new ApiException(ApiException.Code.BAD_REQUEST, "Bad Request. Could not read the request: "
                        + e.getMessage());
            }
            String id = Long.toHexString(System.nanoTime());
            LOG.error("internal error {} on {} {}", id, exchange.getRequestMethod(), exchange.getRequestURI(), e);
            return new ApiException(ApiException.Code.INTERNAL_ERROR, "Internal error " + id
                    + "; the server log has the details.");
        }
    }

    /** Per-actor lifecycles over the one store, so the token's actor is the actor of every write. */
    static final class ActorViews {
        final Lifecycle base;
        final ResolveCache resolve;
        private final GatePolicy policy;
        private final Clock clock;
        private final ConcurrentHashMap<String, Lifecycle> views = new ConcurrentHashMap<>();

        ActorViews(Lifecycle base, GatePolicy policy, Clock clock, Duration resolveTtl) {
            this.base = base;
            this.policy = policy;
            this.clock = clock;
            this.resolve = new ResolveCache(base, resolveTtl);
        }

        Lifecycle forActor(Principal principal) {
            if (principal.anonymous()) {
                return base;
            }
            return views.computeIfAbsent(principal.actor(), actor -> {
                Lifecycle view = Lifecycle.builder().store(base.store()).actor(actor).clock(clock).gatePolicy(policy)
                        .build();
                view.models().addListener(event -> resolve.invalidate(event.model()));
                return view;
            });
        }

        Map<String, Lifecycle> views() {
            return views;
        }
    }

    /** Writing answers. */
    static final class Replies {
        /** Returned by a handler that wrote its answer itself. */
        static final Object SENT = new Object();

        private Replies() {}

        static void json(HttpExchange exchange, int status, Object body) {
            try {
                byte[] bytes = Json.MAPPER.writeValueAsBytes(body == null ? Json.object() : body);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Object text(HttpExchange exchange, String contentType, String text) {
            try {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
                return SENT;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
