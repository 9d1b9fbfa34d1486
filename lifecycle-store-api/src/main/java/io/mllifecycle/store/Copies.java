package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Immutable, null-free copies for record components; maps sorted by key for stable output. */
final class Copies {
    private Copies() {}

    static <V> Map<String, V> sorted(String argument, Map<String, V> map) {
        if (map instanceof SortedArrayMap) {
            return map; // immutable and checked when it was made (a record's with… copies keep their maps)
        }
        return SortedArrayMap.copyOf(checkedCopy(argument, map));
    }

    private static <V> TreeMap<String, V> checkedCopy(String argument, Map<String, V> map) {
        Checks.notNull(argument, map);
        TreeMap<String, V> copy = new TreeMap<>();
        map.forEach((k, v) -> {
            Checks.notNull(argument + " key", k);
            Checks.notNull(argument + "['" + k + "']", v);
            copy.put(k, v);
        });
        return copy;
    }

    /** As {@link #sorted}, in the compact form of {@link MetricArrayMap}; a map already in it is kept. */
    static Map<String, MetricPoint> metrics(String argument, Map<String, MetricPoint> map) {
        if (map instanceof MetricArrayMap) {
            return map; // immutable and checked when it was made
        }
        TreeMap<String, MetricPoint> copy = checkedCopy(argument, map);
        return copy.isEmpty() ? SortedArrayMap.copyOf(copy) : MetricArrayMap.copyOf(copy);
    }

    static <T> List<T> list(String argument, List<T> list) {
        Checks.notNull(argument, list);
        for (int i = 0; i < list.size(); i++) {
            Checks.notNull(argument + "[" + i + "]", list.get(i));
        }
        return List.copyOf(list);
    }
}
