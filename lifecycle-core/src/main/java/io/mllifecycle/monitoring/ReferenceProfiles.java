package io.mllifecycle.monitoring;

import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.ArtifactStore;
import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.ProfileData;
import io.mllifecycle.store.ProfileRef;
import io.mllifecycle.store.StoreException;
import io.mllifecycle.store.spi.Digests;
import java.io.InputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference profiles of a model version's columns as the store keeps them: one opaque
 * {@link ProfileData} of media type {@value #MEDIA_TYPE} holding each column's
 * {@link ReferenceProfile} in its own versioned form, stored once as a blob of the artifact store; version
 * and dataset records carry only its {@link ProfileRef}, and {@link #load} reads it on demand.
 */
public final class ReferenceProfiles {
    /** Media type of the bundle. */
    public static final String MEDIA_TYPE = "application/vnd.mllifecycle.profiles.v1";
    private static final int MAGIC = 0x4D4C5250; // "MLRP"
    private static final int FORMAT = 1;

    private ReferenceProfiles() {}

    /**
     * Reads the bundle {@code ref} names from {@code artifacts} (on demand; nothing is cached), checking
     * size and digest.
     *
     * @throws io.mllifecycle.store.NotFoundException if the blob is not stored
     * @throws CorruptStoreException if the stored bytes are not the ones the reference names
     */
    public static ProfileData read(ArtifactStore artifacts, ProfileRef ref) {
        Checks.notNull("artifacts", artifacts);
        Checks.notNull("ref", ref);
        if (ref.size() > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("ref must name a profile of at most 2 GB, but its size was " + ref.size());
        }
        byte[] bytes;
        try (InputStream in = artifacts.open(ref.digest())) {
            bytes = in.readNBytes((int) ref.size() + 1);
        } catch (IOException e) {
            throw new StoreException("reading reference profile " + ref.digest() + " failed: " + e, e);
        }
        if (bytes.length != ref.size() || !Digests.of(bytes).equals(ref.digest())) {
            throw new CorruptStoreException("the blob of reference profile " + ref.digest() + " holds "
                    + (bytes.length > ref.size() ? "more than " : "") + bytes.length + " bytes that are not the "
                    + ref.size() + " bytes the reference names");
        }
        return new ProfileData(ref.mediaType(), bytes);
    }

    /** @return the profiles of the bundle {@code ref} names, read from {@code artifacts}; see {@link #read} */
    public static Map<String, ReferenceProfile> load(ArtifactStore artifacts, ProfileRef ref) {
        return decode(read(artifacts, ref));
    }

    /** Fits exact profiles of every column: {@code double[]} columns numeric, {@code String[]} categorical. */
    public static Map<String, ReferenceProfile> fit(Map<String, ?> columns) {
        Checks.notNull("columns", columns);
        Map<String, ReferenceProfile> out = new LinkedHashMap<>();
        columns.forEach((name, values) -> {
            Checks.key("column", name);
            if (values instanceof double[] d) {
                out.put(name, ReferenceProfile.numeric(name, d));
            } else if (values instanceof String[] s) {
                out.put(name, ReferenceProfile.categorical(name, s));
            } else {
                throw new IllegalArgumentException("column '" + name + "' must be double[] or String[], but was "
                        + (values == null ? "null" : values.getClass().getSimpleName()));
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** @return the profiles bundled for the store, in column order */
    public static ProfileData encode(Map<String, ReferenceProfile> profiles) {
        Checks.notNull("profiles", profiles);
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("profiles must have at least one column, but was empty");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(profiles.size());
            for (Map.Entry<String, ReferenceProfile> e : profiles.entrySet()) {
                byte[] p = Checks.notNull("profile of '" + e.getKey() + "'", e.getValue()).toBytes();
                out.writeUTF(Checks.key("column", e.getKey()));
                out.writeInt(p.length);
                out.write(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ProfileData(MEDIA_TYPE, bytes.toByteArray());
    }

    /**
     * @return the profiles in column order
     * @throws IllegalArgumentException if the data is of another media type or format version, or damaged
     */
    public static Map<String, ReferenceProfile> decode(ProfileData data) {
        Checks.notNull("data", data);
        if (!MEDIA_TYPE.equals(data.mediaType())) {
            throw new IllegalArgumentException("profile data must have media type " + MEDIA_TYPE + ", but had "
                    + data.mediaType());
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data.content()))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("profile data does not start with the bundle marker: damaged");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException("profile bundle format " + format + " is not supported (this code"
                        + " reads format " + FORMAT + ")");
            }
            int n = in.readInt();
            if (n < 1 || n > 100_000) {
                throw new IllegalArgumentException("profile bundle claims " + n + " columns: damaged");
            }
            Map<String, ReferenceProfile> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                int len = in.readInt();
                if (len < 0 || len > in.available()) {
                    throw new IllegalArgumentException("profile of column '" + name + "' claims " + len
                            + " bytes but " + in.available() + " remain: truncated");
                }
                out.put(name, ReferenceProfile.fromBytes(in.readNBytes(len)));
            }
            return Collections.unmodifiableMap(out);
        } catch (IOException e) {
            throw new IllegalArgumentException("profile bundle is truncated: " + e, e);
        }
    }
}
