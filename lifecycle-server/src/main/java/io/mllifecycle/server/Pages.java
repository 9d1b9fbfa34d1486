package io.mllifecycle.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Offset page tokens for listings the store does not page itself. */
final class Pages {
    private Pages() {}

    static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!s.startsWith("offset:")) {
                throw new IllegalArgumentException(s);
            }
            int o = Integer.parseInt(s.substring(7));
            if (o < 0) {
                throw new IllegalArgumentException(s);
            }
            return o;
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("Invalid page token '" + token + "'.");
        }
    }

    static <T> List<T> slice(List<T> all, int offset, int size) {
        if (offset >= all.size()) {
            return List.of();
        }
        return all.subList(offset, (int) Math.min(all.size(), (long) offset + size));
    }

    static void next(ObjectNode answer, int total, int offset, int size) {
        long end = (long) offset + size;
        if (end < total) {
            answer.put("next_page_token", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("offset:" + end).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** SQL LIKE with {@code %} and {@code _}, on already lower-cased text. */
    static boolean like(String text, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            if (ch == '%') {
                regex.append(".*");
            } else if (ch == '_') {
                regex.append('.');
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(ch)));
            }
        }
        return text.matches(regex.toString());
    }
}
