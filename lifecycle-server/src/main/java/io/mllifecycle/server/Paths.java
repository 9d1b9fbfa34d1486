package io.mllifecycle.server;

/** Path checks shared by the router and the artifact endpoints. */
final class Paths {
    private Paths() {}

    /**
     * Rejects a (decoded) request path with {@code .} or {@code ..} segments, backslashes or NUL, so
     * neither {@code /a/../b} nor {@code /a/%2e%2e/b} reaches a handler.
     */
    static void checkSafe(String path) {
        if (path == null || !path.startsWith("/")) {
            throw ApiException.invalid("Invalid path '" + path + "': it must start with '/'.");
        }
        if (path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            throw ApiException.invalid("Invalid path '" + path + "': backslashes and NUL are not allowed.");
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw ApiException.invalid("Invalid path '" + path + "': '.' and '..' segments are not allowed.");
            }
        }
    }
}
