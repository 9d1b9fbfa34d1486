package io.mllifecycle.registry;

import io.mllifecycle.drift.ReferenceProfile;
import io.mllifecycle.monitoring.ReferenceProfiles;
import io.mllifecycle.monitoring.Signature;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.ProfileData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Optional settings of a version being registered: description, tags, model-card fields, its signature
 * and the reference profile of its training data (stored once as a blob; the version keeps a reference).
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

    /**
     * A model-card field, e.g. {@link #INTENDED_USE}.
     *
     * @throws IllegalArgumentException if {@code field} is {@value Signature#CARD_FIELD}, which holds the
     *         signature (set it with {@link #signature})
     */
    public VersionSpec card(String field, String value) {
        card.put(requireNotReserved(Checks.key("card field", field)), Checks.description("card '" + field + "'", value));
        return this;
    }

    /**
     * The version's signature (input columns and outputs), e.g. {@code Signature.from(trainingData)}; stored
     * with the version as the card field {@value Signature#CARD_FIELD} and checked by monitors.
     *
     * @throws IllegalArgumentException if its JSON form is longer than a card field may be
     */
    public VersionSpec signature(Signature signature) {
        String json = Checks.notNull("signature", signature).toJson();
        if (json.length() > Checks.MAX_DESCRIPTION) {
            throw new IllegalArgumentException("signature must encode to at most " + Checks.MAX_DESCRIPTION
                    + " characters to be stored, but its " + signature.inputs().size() + " inputs and "
                    + signature.outputs().size() + " outputs encode to " + json.length());
        }
        card.put(Signature.CARD_FIELD, json);
        return this;
    }

    /** @return {@code field} unless it is the signature's reserved card field */
    static String requireNotReserved(String field) {
        if (Signature.CARD_FIELD.equals(field)) {
            throw new IllegalArgumentException("card field '" + field + "' is reserved for the version's signature;"
                    + " set it with VersionSpec.signature(…)");
        }
        return field;
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
