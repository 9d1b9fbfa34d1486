package io.mllifecycle.store;

import io.mllifecycle.store.spi.Checks;

/**
 * Where a run's code ran.
 *
 * @param codeVersion a version the host supplies (a git commit, a build number), or empty
 * @param host        host name, or empty when unknown
 * @param jvm         JVM vendor and version
 */
public record RunSource(String codeVersion, String host, String jvm) {
    public RunSource {
        Checks.tagValue("codeVersion", codeVersion);
        Checks.tagValue("host", host);
        Checks.tagValue("jvm", jvm);
    }

    /** A source with nothing known. */
    public static RunSource unknown() {
        return new RunSource("", "", "");
    }
}
