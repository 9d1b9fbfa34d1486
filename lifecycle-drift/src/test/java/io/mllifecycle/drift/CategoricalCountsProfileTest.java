package io.mllifecycle.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CategoricalCountsProfileTest {

    @Test
    void categoricalCounts_equalsProfileOfRawValuesBytesIncluded() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("b", 2L);
        counts.put("a", 1L);
        ReferenceProfile fromCounts = ReferenceProfile.categoricalCounts("city", counts, 1);
        ReferenceProfile fromValues = ReferenceProfile.categorical("city", new String[] {"b", null, "a", "b"});
        assertThat(fromCounts).isEqualTo(fromValues);
        assertThat(fromCounts.toBytes()).isEqualTo(fromValues.toBytes());
        assertThat(fromCounts.categoryCounts()).containsExactly(Map.entry("a", 1L), Map.entry("b", 2L));
    }

    @Test
    void categoricalCounts_copiesTheMap() {
        Map<String, Long> counts = new HashMap<>(Map.of("a", 3L));
        ReferenceProfile p = ReferenceProfile.categoricalCounts("c", counts, 0);
        counts.put("z", 9L);
        assertThat(p.categoryCounts()).containsOnlyKeys("a");
    }

    @Test
    void categoricalCounts_onlyMissingIsLegalLikeAllNullValues() {
        ReferenceProfile p = ReferenceProfile.categoricalCounts("c", Map.of(), 4);
        assertThat(p).isEqualTo(ReferenceProfile.categorical("c", new String[4]));
        assertThat(p.count()).isZero();
        assertThat(p.missingCount()).isEqualTo(4);
    }

    @Test
    void categoricalCounts_mergesLikeAnyProfile() {
        ReferenceProfile a = ReferenceProfile.categoricalCounts("c", Map.of("x", 2L), 1);
        ReferenceProfile b = ReferenceProfile.categorical("c", new String[] {"x", "y"});
        assertThat(a.merge(b)).isEqualTo(ReferenceProfile.categoricalCounts("c", Map.of("x", 3L, "y", 1L), 1));
    }

    @Test
    void categoricalCounts_badArguments() {
        assertThatThrownBy(() -> ReferenceProfile.categoricalCounts(null, Map.of("a", 1L), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column must not be null");
        assertThatThrownBy(() -> ReferenceProfile.categoricalCounts("c", null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counts must not be null");
        assertThatThrownBy(() -> ReferenceProfile.categoricalCounts("c", Map.of("a", 1L), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing must be at least 0, but was -1");
        assertThatThrownBy(() -> ReferenceProfile.categoricalCounts("c", Map.of("a", 0L), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count of category 'a' of column 'c' must be at least 1, but was 0");
        Map<String, Long> nullName = new HashMap<>();
        nullName.put(null, 1L);
        assertThatThrownBy(() -> ReferenceProfile.categoricalCounts("c", nullName, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null category");
        Map<String, Long> nullCount = new HashMap<>();
        nullCount.put("a", null);
        assertThatThrownBy(() -> ReferenceProfile.categoricalCounts("c", nullCount, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was null");
        assertThatThrownBy(() -> ReferenceProfile.categoricalCounts("c", Map.of(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one value");
    }
}
