package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.util.Arrays;

/**
 * The bytes of a reference profile for drift: opaque, versioned bytes with a media type. Only the core turns
 * them into drift profiles. They are stored once as a blob of the artifact store; records carry a
 * {@link ProfileRef} to them ({@link ProfileRef#of(ProfileData)}).
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
