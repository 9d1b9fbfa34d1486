package io.mllifecycle.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the compact immutable map of record components")
class SortedArrayMapTest {

    @Test
    @DisplayName("iterates in TreeMap order, finds every key, and equals any map with the same entries")
    void behavesAsTheSortedMap() {
        Map<String, String> source = new HashMap<>(Map.of("lr", "0.1", "depth", "6", "Batch", "32", "é", "x", "a b", "y"));
        Map<String, String> copy = Copies.sorted("params", source);
        TreeMap<String, String> expected = new TreeMap<>(source);
        assertThat(List.copyOf(copy.keySet())).isEqualTo(List.copyOf(expected.keySet()));
        assertThat(copy).isEqualTo(expected).isEqualTo(source);
        assertThat(copy.hashCode()).isEqualTo(source.hashCode());
        expected.forEach((k, v) -> assertThat(copy.get(k)).isEqualTo(v));
        assertThat(copy.get("missing")).isNull();
        assertThat(copy.containsKey(42)).isFalse();
        assertThat(copy.toString()).isEqualTo(expected.toString());
    }

    @Test
    @DisplayName("cannot be changed, and an empty copy is empty")
    void immutable() {
        Map<String, String> copy = Copies.sorted("tags", Map.of("a", "1"));
        assertThatThrownBy(() -> copy.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.entrySet().iterator().next().setValue("3"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(copy::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Copies.sorted("tags", Map.of())).isEmpty();
        assertThat(copy).containsExactly(Map.entry("a", "1"));
    }
}
