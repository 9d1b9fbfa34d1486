package io.mllifecycle;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Host and JVM facts recorded with runs. */
final class SourceInfo {
    private SourceInfo() {}

    static String hostName() {
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

    static String jvm() {
        return System.getProperty("java.vm.vendor", "") + " " + System.getProperty("java.vm.name", "") + " "
                + Runtime.version();
    }
}
