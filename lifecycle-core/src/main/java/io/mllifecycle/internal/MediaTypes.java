package io.mllifecycle.internal;

import java.util.Locale;

/** Media type guessed from an artifact path's extension; octet-stream otherwise. */
public final class MediaTypes {
    private MediaTypes() {}

    public static String guess(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".json")) {
            return "application/json";
        } else if (p.endsWith(".csv")) {
            return "text/csv";
        } else if (p.endsWith(".txt") || p.endsWith(".md")) {
            return "text/plain";
        } else if (p.endsWith(".png")) {
            return "image/png";
        } else if (p.endsWith(".onnx")) {
            return "application/onnx";
        }
        return "application/octet-stream";
    }
}
