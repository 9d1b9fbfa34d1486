package io.mllifecycle.spark.internal;

import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.spark.SparkProfiles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds the rarest categories of a categorical profile into one category, {@link SparkProfiles#OTHER},
 * keeping their count: a profile with more than {@code max} categories keeps the {@code max - 1}
 * most frequent ones (ties broken by name, {@link String#compareTo}) and puts every other count,
 * a category already named {@code "other"} included, into {@code "other"}. Missing values are kept
 * as they are. Deterministic, so the folded profile does not depend on how the counts were made.
 */
public final class CategoryCap {

    private CategoryCap() {}

    /** The profile with at most {@code max} categories (at least 2), as described on this class. */
    public static ReferenceProfile fold(ReferenceProfile profile, int max) {
        Map<String, Long> counts = profile.categoryCounts();
        if (counts.size() <= max) {
            return profile;
        }
        List<Map.Entry<String, Long>> ranked = new ArrayList<>();
        long other = counts.getOrDefault(SparkProfiles.OTHER, 0L);
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (!e.getKey().equals(SparkProfiles.OTHER)) {
                ranked.add(e);
            }
        }
        ranked.sort(Comparator.comparing((Map.Entry<String, Long> e) -> e.getValue()).reversed()
                .thenComparing(Map.Entry::getKey));
        TreeMap<String, Long> kept = new TreeMap<>();
        for (int i = 0; i < ranked.size(); i++) {
            if (i < max - 1) {
                kept.put(ranked.get(i).getKey(), ranked.get(i).getValue());
            } else {
                other += ranked.get(i).getValue();
            }
        }
        kept.put(SparkProfiles.OTHER, other);
        return ReferenceProfile.categoricalCounts(profile.column(), kept, profile.missingCount());
    }
}
