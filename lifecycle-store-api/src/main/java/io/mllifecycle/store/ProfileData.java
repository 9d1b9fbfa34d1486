package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.util.Arrays;

/**
 * A reference profile for drift as the store sees it: opaque, versioned bytes with a media type. Stores
 * keep and return them unchanged; only the core turns them into drift profiles.
 *
 * @param mediaType names the format and its version, e.g. {@code application/vnd.mllifecycle.profiles.v1}
 * @param content   the bytes (copied in and out)
 */
public record ProfileData(String mediaType, byte[] content) {
    public ProfileData {
        Checks.name("mediaType", mediaType);
        content = Checks.notNull("content", content).clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProfileData p && p.mediaType.equals(mediaType) && Arrays.equals(p.content, content);
    }

    @Override
    public int hashCode() {
        return mediaType.hashCode() * 31 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "ProfileData[" + mediaType + ", " + content.length + " bytes]";
    }
}
