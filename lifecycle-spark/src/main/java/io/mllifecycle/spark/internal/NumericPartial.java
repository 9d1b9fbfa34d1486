package io.mllifecycle.spark.internal;

import io.mllifecycle.drift.ProfileSketchBuilder;
import io.mllifecycle.drift.ReferenceProfile;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The partial profile of one numeric column inside one Spark task: values not yet folded plus the
 * profile of everything folded so far. Values are folded into a {@link ReferenceProfile} before the
 * buffer leaves the task (Java serialization writes the profile's own {@code toBytes()} form), so
 * the executors sort (exact mode) or sketch (KLL mode) their share and the merges are the profile's
 * own {@link ReferenceProfile#merge merge}. Not thread-safe; Spark uses one buffer per task and group.
 */
public final class NumericPartial implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Values handed to the sketch builder at a time in sketch mode. */
    static final int SKETCH_CHUNK = 4096;

    private final String column;
    private final int k;                                   // 0: exact profile
    private transient double[] pending;                    // NaN marks a missing value
    private transient int size;
    private transient @Nullable ProfileSketchBuilder builder;
    private transient @Nullable ReferenceProfile folded;

    /** An empty partial of {@code column}: exact when {@code k == 0}, else a KLL sketch with parameter {@code k}. */
    public NumericPartial(String column, int k) {
        this.column = column;
        this.k = k;
        this.pending = new double[k > 0 ? SKETCH_CHUNK : 16];
    }

    /** Adds one value; {@code NaN} is a missing value. */
    public void add(double value) {
        if (size == pending.length) {
            if (k > 0) {
                sketchBuilder().add(pending);
                size = 0;
            } else {
                pending = Arrays.copyOf(pending, size + Math.max(16, size >> 1));
            }
        }
        pending[size++] = value;
    }

    /** Merges {@code other} into this partial and returns this one. */
    public NumericPartial merge(NumericPartial other) {
        ReferenceProfile mine = profile();
        ReferenceProfile theirs = other.profile();
        folded = mine == null ? theirs : theirs == null ? mine : mine.merge(theirs);
        return this;
    }

    /** The profile of every value added or merged so far; null if there were none. */
    public @Nullable ReferenceProfile profile() {
        if (size > 0 || builder != null) {
            ReferenceProfile part;
            if (k > 0) {
                ProfileSketchBuilder b = sketchBuilder();
                b.add(size == pending.length ? pending : Arrays.copyOf(pending, size));
                part = b.build();
                builder = null;
            } else {
                part = ReferenceProfile.numeric(column, size == pending.length ? pending : Arrays.copyOf(pending, size));
            }
            pending = new double[k > 0 ? SKETCH_CHUNK : 16];
            size = 0;
            folded = folded == null ? part : folded.merge(part);
        }
        return folded;
    }

    private ProfileSketchBuilder sketchBuilder() {
        if (builder == null) {
            builder = ReferenceProfile.sketchBuilder(column, k);
        }
        return builder;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        ReferenceProfile p = profile();
        byte[] bytes = p == null ? null : p.toBytes();
        out.writeInt(bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            out.write(bytes);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        pending = new double[k > 0 ? SKETCH_CHUNK : 16];
        int length = in.readInt();
        if (length >= 0) {
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            folded = ReferenceProfile.fromBytes(bytes);
        }
    }
}
