package io.mllifecycle.tracking;

import io.mllifecycle.internal.CodeVersion;
import io.mllifecycle.internal.LifecycleContext;
import io.mllifecycle.store.RunAttribute;
import io.mllifecycle.store.RunSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags recorded on every run without the host asking, under the {@code mllifecycle.} prefix. A tag
 * the run's settings give under the same key wins, so each is overridable per run; the user, host and
 * code version also follow {@code Lifecycle.builder().actor/host/codeVersion}.
 */
public final class SystemTags {
    /** The user who started the run: the lifecycle's actor. Also {@code attributes.user} in a search. */
    public static final String USER = RunAttribute.USER_TAG;
    /** The host name. */
    public static final String HOST = "mllifecycle.host";
    /** JVM vendor, name and version. */
    public static final String JVM = "mllifecycle.jvm";
    /** The class the JVM was started with. */
    public static final String ENTRY_CLASS = "mllifecycle.entry_class";
    /** The code version: the builder's, else a CI variable's commit, else the checkout's HEAD commit. */
    public static final String CODE_VERSION = "mllifecycle.code_version";

    private SystemTags() {}

    /** @return the system tags of a run started now through {@code context}; empty values are left out */
    static Map<String, String> of(LifecycleContext context) {
        RunSource source = context.source();
        Map<String, String> tags = new LinkedHashMap<>();
        put(tags, USER, context.actor());
        put(tags, HOST, source.host());
        put(tags, JVM, source.jvm());
        put(tags, ENTRY_CLASS, CodeVersion.entryClass());
        put(tags, CODE_VERSION, source.codeVersion());
        return tags;
    }

    private static void put(Map<String, String> tags, String key, String value) {
        if (value != null && !value.isBlank()) {
            tags.put(key, value.length() > io.mllifecycle.store.spi.Checks.MAX_TAG_VALUE
                    ? value.substring(0, io.mllifecycle.store.spi.Checks.MAX_TAG_VALUE) : value);
        }
    }
}
