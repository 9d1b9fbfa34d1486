package io.mllifecycle.store;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The immutable map of record components ({@link Copies#sorted}): keys sorted as a {@link TreeMap} sorts
 * them, held in two arrays and found by binary search. Why not an unmodifiable TreeMap: stores keep a
 * record per run in memory (the file store's index holds 10^6 runs and more), and a TreeMap entry costs
 * 40 bytes against 8 here; the map object itself 16 + 2 arrays. Equality and hash code are
 * {@link Map}'s; every mutator throws {@link UnsupportedOperationException}.
 */
final class SortedArrayMap<V> extends SortedKeysMap<V> {
    private static final SortedArrayMap<?> EMPTY = new SortedArrayMap<>(new String[0], new Object[0]);

    private final Object[] values;

    private SortedArrayMap(String[] keys, Object[] values) {
        super(keys);
        this.values = values;
    }

    /** @return an immutable copy of {@code sorted}, which holds no null key or value */
    @SuppressWarnings("unchecked")
    static <V> Map<String, V> copyOf(TreeMap<String, V> sorted) {
        if (sorted.isEmpty()) {
            return (Map<String, V>) EMPTY;
        }
        String[] k = new String[sorted.size()];
        Object[] v = new Object[sorted.size()];
        int i = 0;
        for (Map.Entry<String, V> e : sorted.entrySet()) {
            k[i] = e.getKey();
            v[i++] = e.getValue();
        }
        return new SortedArrayMap<>(shareKeys(k), v);
    }

    /** The key array built last, shared by the next map with the same keys; immutable behind a final field. */
    private record Keys(String[] keys) {}

    private static Keys lastKeys = new Keys(new String[0]);

    /**
     * @return {@code keys}, or an equal array built before: records of one store mostly have the same
     *     params, tags and metrics keys, so sharing one array saves its bytes per record. A one-entry cache
     *     (read and written without a lock: a racing thread sees a whole entry or builds its own array)
     */
    static String[] shareKeys(String[] keys) {
        Keys last = lastKeys;
        if (Arrays.equals(last.keys(), keys)) {
            return last.keys();
        }
        lastKeys = new Keys(keys);
        return keys;
    }

    @Override
    @SuppressWarnings("unchecked")
    V valueAt(int i) {
        return (V) values[i];
    }
}
