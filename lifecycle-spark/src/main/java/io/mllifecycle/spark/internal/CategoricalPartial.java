package io.mllifecycle.spark.internal;

import io.mllifecycle.drift.ReferenceProfile;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The partial category counts of one categorical column inside one Spark task. Counts stay exact
 * until the final profile, so the result does not depend on how rows are partitioned; the cap on
 * categories is applied once, to the merged counts ({@link CategoryCap}). Memory is proportional to
 * the number of distinct values. Not thread-safe.
 */
public final class CategoricalPartial implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String column;
    private transient Map<String, long[]> counts = new HashMap<>();
    private transient long missing;

    /** An empty partial of {@code column}. */
    public CategoricalPartial(String column) {
        this.column = column;
    }

    /** Counts one value; {@code null} is a missing value. */
    public void add(@Nullable String value) {
        if (value == null) {
            missing++;
        } else {
            long[] c = counts.get(value);
            if (c == null) {
                counts.put(value, new long[] {1});
            } else {
                c[0]++;
            }
        }
    }

    /** Merges {@code other} into this partial and returns this one. */
    public CategoricalPartial merge(CategoricalPartial other) {
        missing += other.missing;
        other.counts.forEach((name, c) -> {
            long[] mine = counts.get(name);
            if (mine == null) {
                counts.put(name, new long[] {c[0]});
            } else {
                mine[0] += c[0];
            }
        });
        return this;
    }

    /** The profile of every value added or merged so far; null if there were none. */
    public @Nullable ReferenceProfile profile() {
        if (counts.isEmpty() && missing == 0) {
            return null;
        }
        Map<String, Long> plain = new HashMap<>(counts.size() * 2);
        counts.forEach((name, c) -> plain.put(name, c[0]));
        return ReferenceProfile.categoricalCounts(column, plain, missing);
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeLong(missing);
        out.writeInt(counts.size());
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.writeInt(name.length);
            out.write(name);
            out.writeLong(e.getValue()[0]);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        missing = in.readLong();
        int n = in.readInt();
        counts = new HashMap<>(Math.max(16, n * 2));
        for (int i = 0; i < n; i++) {
            byte[] name = new byte[in.readInt()];
            in.readFully(name);
            counts.put(new String(name, StandardCharsets.UTF_8), new long[] {in.readLong()});
        }
    }
}
