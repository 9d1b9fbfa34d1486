package io.mllifecycle.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Host and JVM facts recorded with runs. */
public final class SourceInfo {
    private SourceInfo() {}

    public static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "";
        }
    }

    public static String jvm() {
        return System.getProperty("java.vm.vendor", "") + " " + System.getProperty("java.vm.name", "") + " "
                + Runtime.version();
    }
}
