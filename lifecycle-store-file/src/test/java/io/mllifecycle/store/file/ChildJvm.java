package io.mllifecycle.store.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A {@link StoreWorkerMain} in its own JVM, with its acknowledgement lines collected as they arrive. */
final class ChildJvm {
    private final Process process;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread reader;

    private ChildJvm(Process process) {
        this.process = process;
        this.reader = new Thread(this::readLines, "child-output");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildJvm start(Path dir, Durability durability, int threads, int iterations, long seed) throws IOException {
        return start(dir, durability, threads, iterations, seed, false);
    }

    static ChildJvm start(Path dir, Durability durability, int threads, int iterations, long seed, boolean tear)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), StoreWorkerMain.class.getName(),
                dir.toString(), durability.name(), Integer.toString(threads), Integer.toString(iterations),
                Long.toString(seed), tear ? "tear" : "whole");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return new ChildJvm(pb.start());
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("READY")) {
                    ready.countDown();
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // the child was killed; what was read so far stands
        } finally {
            ready.countDown();
        }
    }

    /** Waits until the child has opened the store and starts writing. */
    boolean awaitReady(long seconds) throws InterruptedException {
        return ready.await(seconds, TimeUnit.SECONDS);
    }

    /** Kills the child with SIGKILL and waits for it and its output to end. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        reader.join(10_000);
    }

    /** @return the exit code once the child ended by itself */
    int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child did not finish within " + seconds + " s; output: " + lines());
        }
        reader.join(10_000);
        return process.exitValue();
    }

    /** @return the complete lines the child printed (a line cut by the kill has no newline and is not here) */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
