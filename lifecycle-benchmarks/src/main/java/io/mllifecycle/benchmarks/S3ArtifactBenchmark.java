package io.mllifecycle.benchmarks;

import com.adobe.testing.s3mock.S3MockApplication;
import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.ArtifactStore;
import io.mllifecycle.store.file.FileStore;
import io.mllifecycle.store.s3.S3ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Putting and reading one blob of 1 MiB or 256 MiB (ms per blob, less is better; MB/s = size / time):
 * {@code store=s3} is {@link S3ArtifactStore} against Adobe's S3Mock in this JVM over loopback HTTP;
 * {@code store=file} is the file store's blob store in {@code java.io.tmpdir}, the baseline. Every put
 * stores new bytes (a fresh seed), deleted after the call. At the end of each iteration the peak heap
 * used since the previous one is printed ("heap peak"): streaming keeps it flat whatever the blob's size
 * (the heap is capped by the JVM's -Xmx; run with e.g. {@code -jvmArgs -Xmx256m} to see a 256 MiB blob pass
 * through a heap smaller than itself).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class S3ArtifactBenchmark {
    @Param({"1048576", "268435456"})
    public long size;

    @Param({"s3", "file"})
    public String store;

    private S3MockApplication mock;
    private Path root;
    private ArtifactStore artifacts;
    private AutoCloseable closer;
    private String stored;
    private long seed = 1;
    private String justPut;

    @Setup(Level.Trial)
    public void open() throws IOException {
        root = Files.createTempDirectory("mllifecycle-s3bench");
        if (store.equals("s3")) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Map<String, Object> props = new HashMap<>();
            props.put(S3MockApplication.PROP_HTTP_PORT, port);
            props.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
            props.put(S3MockApplication.PROP_INITIAL_BUCKETS, "bench");
            props.put(S3MockApplication.PROP_ROOT_DIRECTORY, root.resolve("s3").toString());
            props.put(S3MockApplication.PROP_SILENT, true);
            // S3Mock's own application.properties does not survive shading: its settings are given here
            props.put("com.adobe.testing.s3mock.region", "us-east-1");
            props.put("spring.jmx.enabled", false);
            props.put("spring.main.lazy-initialization", true);
            props.put("server.tomcat.max-swallow-size", "10MB");
            mock = S3MockApplication.start(props);
            S3ArtifactStore s3 = S3ArtifactStore.builder("bench").prefix("artifacts")
                    .endpoint(URI.create("http://127.0.0.1:" + port)).pathStyle(true).region("us-east-1")
                    .credentials("bench", "bench").spoolDirectory(root).open();
            artifacts = s3;
            closer = s3;
        } else {
            FileStore file = FileStore.open(root.resolve("file"));
            artifacts = file.artifacts();
            closer = file;
        }
        stored = artifacts.put(new Generated(size, 0), "application/octet-stream").digest();
        resetPeaks();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        closer.close();
        if (mock != null) {
            mock.stop();
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @TearDown(Level.Invocation)
    public void deleteNewBlob() {
        if (justPut != null) {
            artifacts.delete(justPut);
            justPut = null;
        }
    }

    @TearDown(Level.Iteration)
    public void reportHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("%n  heap peak %d MiB (store=%s, size=%d MiB, max heap %d MiB)%n", peak >> 20, store,
                size >> 20, Runtime.getRuntime().maxMemory() >> 20);
        resetPeaks();
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    @Benchmark
    public ArtifactInfo put() {
        ArtifactInfo info = artifacts.put(new Generated(size, ++seed), "application/octet-stream");
        justPut = info.digest();
        return info;
    }

    @Benchmark
    public long get() {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (InputStream in = artifacts.open(stored)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    /** A deterministic pseudo-random stream, so no blob sits in memory here either. */
    static final class Generated extends InputStream {
        private long remaining;
        private long state;

        Generated(long size, long seed) {
            this.remaining = size;
            this.state = seed * 0x9E3779B97F4A7C15L + 1;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i += 8) {
                state = state * 6364136223846793005L + 1442695040888963407L;
                long v = state;
                for (int j = i; j < Math.min(n, i + 8); j++) {
                    b[off + j] = (byte) v;
                    v >>>= 8;
                }
            }
            remaining -= n;
            return n;
        }
    }
}
