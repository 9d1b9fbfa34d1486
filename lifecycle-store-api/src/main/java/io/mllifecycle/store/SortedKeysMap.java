package io.mllifecycle.store;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The part {@link SortedArrayMap} and {@link MetricArrayMap} share: an immutable map over a sorted key
 * array (as a {@code TreeMap} sorts them), found by binary search, whose value at index {@code i} a subclass
 * keeps as it likes. Equality and hash code are {@link Map}'s; every mutator throws
 * {@link UnsupportedOperationException}.
 */
abstract class SortedKeysMap<V> extends AbstractMap<String, V> {
    final String[] keys;

    SortedKeysMap(String[] keys) {
        this.keys = keys;
    }

    /** @return the value of {@code keys[i]} */
    abstract V valueAt(int i);

    final int indexOf(Object key) {
        return key instanceof String s ? Arrays.binarySearch(keys, s) : -1;
    }

    @Override
    public final int size() {
        return keys.length;
    }

    @Override
    public final boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public final V get(Object key) {
        int i = indexOf(key);
        return i >= 0 ? valueAt(i) : null;
    }

    @Override
    public final Set<Map.Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return keys.length;
            }

            @Override
            public Iterator<Map.Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Map.Entry<String, V> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(keys[i], valueAt(i));
                    }
                };
            }
        };
    }
}
