package io.mllifecycle.store;

import java.util.Arrays;
import java.util.Optional;

/**
 * The attributes of a run a filter or an order may name ({@code attributes.status}, or just {@code status}).
 * Numeric attributes compare as numbers with {@code = != < <= > >=}; the others as text.
 */
public enum RunAttribute {
    /** The run id. */
    RUN_ID("run_id", false),
    /** The run's readable name. */
    RUN_NAME("run_name", false),
    /** {@link RunStatus} name, e.g. {@code FINISHED}. */
    STATUS("status", false),
    /** Start time in epoch milliseconds (sub-millisecond digits dropped). */
    START_TIME("start_time", true),
    /** End time in epoch milliseconds; missing while the run is RUNNING. */
    END_TIME("end_time", true),
    /** The user who started the run: the system tag {@value #USER_TAG}; missing when it was not recorded. */
    USER("user", false),
    /** The parent run's id; missing for a top-level run. */
    PARENT_RUN_ID("parent_run_id", false),
    /** The id of the experiment the run belongs to. */
    EXPERIMENT_ID("experiment_id", false);

    /** The tag that holds a run's user, read by {@link #USER}. */
    public static final String USER_TAG = "mllifecycle.user";

    private final String key;
    private final boolean numeric;

    RunAttribute(String key, boolean numeric) {
        this.key = key;
        this.numeric = numeric;
    }

    /** @return the name as written in a filter, e.g. {@code start_time} */
    public String key() {
        return key;
    }

    /** @return whether the attribute compares as a number */
    public boolean isNumeric() {
        return numeric;
    }

    /** @return the attribute written {@code key} (exact spelling), if there is one */
    public static Optional<RunAttribute> ofKey(String key) {
        return Arrays.stream(values()).filter(a -> a.key.equals(key)).findFirst();
    }

    /** @return every key, comma-separated, for messages */
    static String keys() {
        return String.join(", ", Arrays.stream(values()).map(RunAttribute::key).toList());
    }
}
