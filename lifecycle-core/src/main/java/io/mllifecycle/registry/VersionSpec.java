package io.mllifecycle.registry;

import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.monitoring.ReferenceProfiles;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.ProfileData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Optional settings of a version being registered: description, tags, model-card fields and the
 * reference profile of its training data.
 */
public final class VersionSpec {
    /** Model-card field: what the model is for. */
    public static final String INTENDED_USE = "intended_use";
    /** Model-card field: where it must not be used or performs poorly. */
    public static final String LIMITATIONS = "limitations";
    /** Model-card field: training data description. */
    public static final String TRAINING_DATA = "training_data";
    /** Model-card field: evaluation data description. */
    public static final String EVALUATION_DATA = "evaluation_data";
    /** Model-card field: ethical considerations. */
    public static final String ETHICAL_CONSIDERATIONS = "ethical_considerations";
    /** Model-card field: owners (team, contact). */
    public static final String OWNERS = "owners";

    String description = "";
    final Map<String, String> tags = new LinkedHashMap<>();
    final Map<String, String> card = new LinkedHashMap<>();
    ProfileData profile;

    VersionSpec() {}

    /** A description of the version. */
    public VersionSpec description(String description) {
        this.description = Checks.description("description", description);
        return this;
    }

    /** A tag. */
    public VersionSpec tag(String key, String value) {
        tags.put(Checks.key("tag key", key), Checks.tagValue("tag '" + key + "'", value));
        return this;
    }

    /** A model-card field, e.g. {@link #INTENDED_USE}. */
    public VersionSpec card(String field, String value) {
        card.put(Checks.key("card field", field), Checks.description("card '" + field + "'", value));
        return this;
    }

    /** The reference profiles of the training data's columns, used by monitors and drift gates. */
    public VersionSpec referenceProfiles(Map<String, ReferenceProfile> profiles) {
        return profile(ReferenceProfiles.encode(profiles));
    }

    /** The reference profile bundle of the training data, as {@link io.mllifecycle.monitoring.ReferenceProfiles} encodes it. */
    public VersionSpec profile(ProfileData profile) {
        this.profile = Checks.notNull("profile", profile);
        return this;
    }
}
