package io.mllifecycle.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mllifecycle.drift.ReferenceProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CategoryCapTest {

    @Test
    void fold_keepsTheMostFrequentAndSumsTheRestIntoOther() {
        ReferenceProfile p = ReferenceProfile.categoricalCounts("c", Map.of("a", 5L, "b", 9L, "c", 1L, "d", 2L), 3);
        ReferenceProfile folded = CategoryCap.fold(p, 3);
        assertThat(folded.categoryCounts()).containsExactly(Map.entry("a", 5L), Map.entry("b", 9L),
                Map.entry("other", 3L));
        assertThat(folded.missingCount()).isEqualTo(3);
        assertThat(folded.count()).isEqualTo(p.count());
    }

    @Test
    void fold_underTheCapChangesNothing() {
        ReferenceProfile p = ReferenceProfile.categoricalCounts("c", Map.of("a", 5L, "other", 1L), 0);
        assertThat(CategoryCap.fold(p, 2)).isSameAs(p);
    }

    @Test
    void fold_tiesAreBrokenByNameAndAnExistingOtherJoinsTheFold() {
        ReferenceProfile p = ReferenceProfile.categoricalCounts("c",
                Map.of("z", 4L, "y", 4L, "x", 4L, "other", 50L), 0);
        ReferenceProfile folded = CategoryCap.fold(p, 3);
        assertThat(folded.categoryCounts()).containsExactly(Map.entry("other", 54L), Map.entry("x", 4L),
                Map.entry("y", 4L));
    }
}
