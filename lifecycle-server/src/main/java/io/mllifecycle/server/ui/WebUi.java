package io.mllifecycle.server.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.report.PageWriter;
import io.mllifecycle.report.ReportOptions;
import io.mllifecycle.server.Authenticator;
import io.mllifecycle.server.Principal;
import io.mllifecycle.server.Role;
import io.mllifecycle.store.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only web UI under {@code /ui/}: server-side rendered pages over the live store (experiments,
 * runs with the search language's filter box, sorting and keyset paging, run pages and comparisons,
 * models, versions with their cards, monitors with timelines and windows, the audit trail with its chain
 * status). Pages carry no script; charts are inline SVG from {@code lifecycle-report}.
 *
 * <p>Authentication is the API's: a bearer token of any role (reader is enough). A browser cannot send a
 * bearer header from a link, so {@code GET /ui/login} shows a form that posts the token once; the answer
 * sets a session cookie ({@code HttpOnly}, {@code SameSite=Strict}, {@code Path=/ui}, {@code Secure} when
 * the server speaks TLS) holding a random session id that the server maps to the token's principal until
 * it expires; neither the token nor the principal is in the cookie or a URL. {@code POST /ui/logout} ends
 * the session. A request with an {@code Authorization: Bearer} header is served without a session. With
 * {@code readOnlyAnonymous}, pages open without logging in.
 *
 * <p>{@link io.mllifecycle.server.LifecycleServer} mounts this handler; hosts need not use it directly.
 */
public final class WebUi implements HttpHandler {
    /** Where the UI is mounted. */
    public static final String BASE = "/ui";
    static final String COOKIE = "mllc_session";
    private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);
    private static final int MAX_FORM_BYTES = 16 * 1024;
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Lifecycle lifecycle;
    private final Authenticator authenticator;
    private final boolean anonymous;
    private final boolean secure;
    private final Sessions sessions;
    private final Views views;

    private WebUi(Lifecycle lifecycle, Authenticator authenticator, boolean anonymous, boolean secure,
            Duration sessionTtl, Clock clock) {
        this.lifecycle = lifecycle;
        this.authenticator = authenticator;
        this.anonymous = anonymous;
        this.secure = secure;
        this.sessions = new Sessions(sessionTtl, clock);
        this.views = new Views(lifecycle);
    }

    /**
     * @param lifecycle    what the pages show (only read)
     * @param auth         checks the tokens posted to the login form or sent as bearer headers
     * @param anonymous    whether pages open without a login (read-only anonymous)
     * @param secure       whether the server speaks TLS (the cookie is then {@code Secure})
     * @param sessionTtl   how long a login lasts, at least one minute
     * @param clock        the clock sessions expire by
     * @return the handler to mount at {@link #BASE}
     * @throws IllegalArgumentException if an argument is null or {@code sessionTtl} is under one minute
     */
    public static WebUi create(Lifecycle lifecycle, Authenticator auth, boolean anonymous, boolean secure,
            Duration sessionTtl, Clock clock) {
        if (lifecycle == null || auth == null || sessionTtl == null || clock == null) {
            throw new IllegalArgumentException("lifecycle, auth, sessionTtl and clock must be set, but "
                    + (lifecycle == null ? "lifecycle" : auth == null ? "auth" : sessionTtl == null ? "sessionTtl"
                    : "clock") + " was null");
        }
        if (sessionTtl.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("sessionTtl must be at least 1 minute, but was " + sessionTtl);
        }
        return new WebUi(lifecycle, auth, anonymous, secure, sessionTtl, clock);
    }

    /** A rendered answer. */
    record Answer(int status, String html) {}

    /** One request as the views see it. */
    static final class Request {
        final String path;
        final Map<String, List<String>> query;
        final Principal principal;
        final ReportOptions options;

        Request(String path, Map<String, List<String>> query, Principal principal) {
            this.path = path;
            this.query = query;
            this.principal = principal;
            this.options = ReportOptions.DEFAULTS.withLinks(new UiLinks(principal));
        }

        /** @return the single value of a query parameter, or null when absent */
        String param(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
        }

        List<String> params(String name) {
            return query.getOrDefault(name, List.of());
        }

        String required(String name) {
            String v = param(name);
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException("query parameter '" + name + "' must be set, but was "
                        + (v == null ? "absent" : "empty"));
            }
            return v;
        }

        int integer(String name, int defaultValue, int min, int max) {
            String v = param(name);
            if (v == null || v.isEmpty()) {
                return defaultValue;
            }
            try {
                int n = Integer.parseInt(v.trim());
                if (n < min || n > max) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("query parameter '" + name + "' must be a whole number between "
                        + min + " and " + max + ", but was '" + v + "'");
            }
        }
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                serve(exchange);
            } catch (RuntimeException | IOException e) {
                fail(exchange, e);
            }
        } catch (RuntimeException e) {
            LOG.debug("could not finish answering {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        String raw = exchange.getRequestURI().getRawPath();
        if (!raw.equals(BASE) && !raw.startsWith(BASE + "/")) {
            send(exchange, 404, message(null, "Not found", "There is no page " + raw + "."));
            return;
        }
        String path = raw.substring(BASE.length());
        String method = exchange.getRequestMethod();
        Map<String, List<String>> query = parseForm(exchange.getRequestURI().getRawQuery());
        if (path.equals("/login")) {
            if (method.equals("POST")) {
                login(exchange, query);
            } else if (method.equals("GET")) {
                send(exchange, 200, views.login(safeNext(first(query, "next")), "", anonymous));
            } else {
                notAllowed(exchange, "GET, POST");
            }
            return;
        }
        Optional<Principal> who;
        try {
            who = principal(exchange);
        } catch (Unauthenticated e) {
            send(exchange, 401, views.login("", e.getMessage(), anonymous));
            return;
        }
        if (path.equals("/logout")) {
            if (method.equals("POST")) {
                cookie(exchange).ifPresent(sessions::remove);
                exchange.getResponseHeaders().add("Set-Cookie", clearCookie());
                redirect(exchange, BASE + "/login?bye=1");
            } else if (method.equals("GET")) {
                send(exchange, 200, views.logout(who.orElse(null)));
            } else {
                notAllowed(exchange, "GET, POST");
            }
            return;
        }
        if (who.isEmpty()) {
            String target = raw + (exchange.getRequestURI().getRawQuery() == null ? ""
                    : "?" + exchange.getRequestURI().getRawQuery());
            if (cookie(exchange).isPresent()) {
                // an unknown or expired session: drop the cookie rather than keep sending it
                exchange.getResponseHeaders().add("Set-Cookie", clearCookie());
            }
            redirect(exchange, UiLinks.url("/login", "next", target));
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            notAllowed(exchange, "GET");
            return;
        }
        Request request = new Request(path, query, who.get());
        if (path.equals("") || path.equals("/")) {
            redirect(exchange, BASE + "/experiments");
            return;
        }
        if (path.equals("/artifact")) {
            views.artifact(exchange, request);
            return;
        }
        Answer a = views.render(request);
        send(exchange, a.status(), a.html());
    }

    /** @return the principal of the request, empty when it has neither a session nor a header (and anonymous is off) */
    private Optional<Principal> principal(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && !header.isBlank()) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new Unauthenticated("Authorization must be 'Bearer <token>', but used another scheme.");
            }
            return Optional.of(authenticator.authenticate(header.substring(7).trim())
                    .orElseThrow(() -> new Unauthenticated("The bearer token is not valid.")));
        }
        Optional<String> id = cookie(exchange);
        if (id.isPresent()) {
            // a cookie that names no live session is refused even when anonymous reading is allowed, so an
            // expired login is noticed instead of silently becoming anonymous
            return sessions.find(id.get());
        }
        return anonymous ? Optional.of(new Principal(Principal.ANONYMOUS, Role.READER, true)) : Optional.empty();
    }

    private void login(HttpExchange exchange, Map<String, List<String>> query) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            send(exchange, 415, views.login("", "The login form must be posted as application/x-www-form-urlencoded,"
                    + " but the request's Content-Type was " + (type == null ? "absent" : "'" + type + "'") + ".",
                    anonymous));
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_FORM_BYTES + 1);
        }
        if (body.length > MAX_FORM_BYTES) {
            send(exchange, 413, views.login("", "The login form must be at most " + MAX_FORM_BYTES + " bytes.",
                    anonymous));
            return;
        }
        Map<String, List<String>> form = parseForm(new String(body, StandardCharsets.US_ASCII));
        String next = safeNext(first(form, "next") != null ? first(form, "next") : first(query, "next"));
        String token = first(form, "token");
        if (token == null || token.isBlank()) {
            send(exchange, 400, views.login(next, "Paste a token into the field 'token'; it was empty.", anonymous));
            return;
        }
        Optional<Principal> p = authenticator.authenticate(token.trim());
        if (p.isEmpty()) {
            LOG.info("web UI login refused: unknown token");
            send(exchange, 401, views.login(next, "That token is not valid.", anonymous));
            return;
        }
        String id = sessions.create(p.get());
        LOG.info("web UI login of {} ({})", p.get().actor(), p.get().role().label());
        exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + id + "; Path=" + BASE + "; Max-Age="
                + sessions.ttl().toSeconds() + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
        redirect(exchange, next.isEmpty() ? BASE + "/experiments" : next);
    }

    private String clearCookie() {
        return COOKIE + "=; Path=" + BASE + "; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** Only paths inside the UI are followed after login: no other host, no scheme-relative URL. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith(BASE + "/") || next.startsWith("//") || next.contains("\\")
                || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || next.startsWith(BASE + "/login")) {
            return "";
        }
        return next;
    }

    private static Optional<String> cookie(HttpExchange exchange) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(COOKIE + "=")) {
                    return Optional.of(p.substring(COOKIE.length() + 1));
                }
            }
        }
        return Optional.empty();
    }

    private static String first(Map<String, List<String>> m, String key) {
        List<String> v = m.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Parses {@code a=1&b=2&a=3} (query string or form body) into name → values in order. */
    static Map<String, List<String>> parseForm(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the query string must be percent-encoded, but '" + s
                    + "' has a malformed escape");
        }
    }

    private void fail(HttpExchange exchange, Exception e) {
        int status;
        String title;
        String text;
        if (e instanceof NotFoundException) {
            status = 404;
            title = "Not found";
            text = e.getMessage();
        } else if (e instanceof IllegalArgumentException) {
            status = 400;
            title = "Bad request";
            text = e.getMessage();
        } else {
            String id = Long.toHexString(System.nanoTime());
            LOG.error("web UI internal error {} on {} {}", id, exchange.getRequestMethod(), exchange.getRequestURI(), e);
            status = 500;
            title = "Internal error";
            text = "Internal error " + id + "; the server log has the details.";
        }
        try {
            send(exchange, status, message(null, title, text));
        } catch (RuntimeException | IOException ioe) {
            LOG.debug("could not send the error page for {}", exchange.getRequestURI(), ioe);
        }
    }

    /** A page with a heading and one message (errors, not-found). */
    static String message(ReportOptions options, String title, String text) {
        PageWriter w = PageWriter.start(title, "", options == null ? ReportOptions.DEFAULTS.withLinks(
                new UiLinks(new Principal(Principal.ANONYMOUS, Role.READER, true))) : options, Views.CSS);
        w.raw("<p class=\"banner bad\" id=\"message\">").text(text).raw("</p>");
        w.raw("<p>").link(BASE + "/experiments", "Experiments").raw("</p>");
        return w.finish(Views.FOOTER);
    }

    private static void notAllowed(HttpExchange exchange, String allow) throws IOException {
        exchange.getResponseHeaders().set("Allow", allow);
        send(exchange, 405, message(null, "Method not allowed", "This page allows " + allow + " only."));
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(303, -1);
    }

    static void headers(HttpExchange exchange, String contentType) {
        var h = exchange.getResponseHeaders();
        h.set("Content-Type", contentType);
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "same-origin");
        h.set("X-Frame-Options", "DENY");
        h.set("Cache-Control", "no-store");
    }

    static void send(HttpExchange exchange, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        headers(exchange, "text/html; charset=utf-8");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request whose credentials were sent and are wrong (as opposed to absent). */
    private static final class Unauthenticated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unauthenticated(String message) {
            super(message);
        }
    }

    /** @return live sessions (tests) */
    int sessionCount() {
        return sessions.size();
    }

    Lifecycle lifecycle() {
        return lifecycle;
    }
}
