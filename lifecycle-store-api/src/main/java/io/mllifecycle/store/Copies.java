package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Immutable, null-free copies for record components; maps sorted by key for stable output. */
final class Copies {
    private Copies() {}

    static <V> Map<String, V> sorted(String argument, Map<String, V> map) {
        Checks.notNull(argument, map);
        TreeMap<String, V> copy = new TreeMap<>();
        map.forEach((k, v) -> {
            Checks.notNull(argument + " key", k);
            Checks.notNull(argument + "['" + k + "']", v);
            copy.put(k, v);
        });
        return SortedArrayMap.copyOf(copy);
    }

    static <T> List<T> list(String argument, List<T> list) {
        Checks.notNull(argument, list);
        for (int i = 0; i < list.size(); i++) {
            Checks.notNull(argument + "[" + i + "]", list.get(i));
        }
        return List.copyOf(list);
    }
}
