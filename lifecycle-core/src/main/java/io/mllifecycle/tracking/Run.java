package io.mllifecycle.tracking;

import io.mllifecycle.internal.LifecycleContext;
import io.mllifecycle.internal.MediaTypes;
import io.mllifecycle.drift.Table;
import io.mllifecycle.quality.DataQualityReport;
import io.mllifecycle.quality.DataQualitySuite;
import java.nio.charset.StandardCharsets;

import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.spi.TrackingRules;
import io.mllifecycle.store.DatasetRole;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.RunInput;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running run: log params, metrics, tags, inputs and artifacts, then close it.
 *
 * <p>Params are write-once: logging the same value again is a no-op, another value raises
 * {@link io.mllifecycle.store.ConflictException}. Metric values must be finite: NaN and ±∞ are
 * rejected with an {@link IllegalArgumentException} naming the metric and the step (log a sentinel
 * or a tag instead). Once ended, a run accepts only tags. Thread-safe: several threads may log into
 * one run.
 *
 * <p>Metric calls write to the store before returning ({@link MetricLogging#DIRECT}, the default) or put the
 * points into the lifecycle's buffer for its background writer ({@link MetricLogging#BUFFERED}); see there
 * for what each can lose. With a buffer, {@link #flush()} and {@link #close()} write what is pending, and a
 * point the writer could not store is reported by the next metric call, {@code flush()} and {@code close()}
 * as a {@link MetricWriteException}.
 */
public final class Run implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Run.class);
    private final LifecycleContext context;
    private final String id;
    private final String experimentId;
    private volatile boolean ended;
    /** The run's share of the lifecycle's metric buffer; null when metrics are written directly. */
    private final io.mllifecycle.internal.MetricBuffer.RunBuffer buffer;

    Run(LifecycleContext context, RunRecord record) {
        this(context, record, null);
    }

    Run(LifecycleContext context, RunRecord record, MetricLogging logging) {
        this.context = context;
        this.id = record.id();
        this.experimentId = record.experimentId();
        boolean buffered = logging == null ? context.bufferMetrics() : logging == MetricLogging.BUFFERED;
        this.buffer = buffered ? context.metricBuffer().open(id) : null;
    }

    /** @return how this run's metric calls reach the store */
    public MetricLogging metricLogging() {
        return buffer == null ? MetricLogging.DIRECT : MetricLogging.BUFFERED;
    }

    /** Writes the points directly, or buffers them (checked already by {@link MetricPoint}). */
    private void putMetrics(List<MetricPoint> points) {
        if (buffer == null) {
            context.store().tracking().logMetrics(id, points);
            return;
        }
        if (ended) {
            throw new io.mllifecycle.store.ConflictException("run " + id + " has ended and accepts no metrics");
        }
        report(buffer.add(points));
    }

    /** Throws the failures of the background writer not yet reported, if any. */
    private void report(List<io.mllifecycle.internal.MetricBuffer.Failure> failures) {
        if (failures.isEmpty()) {
            return;
        }
        List<MetricPoint> lost = new ArrayList<>();
        failures.forEach(f -> lost.addAll(f.points()));
        MetricWriteException e = new MetricWriteException(id, lost, failures.get(0).cause());
        for (int i = 1; i < failures.size(); i++) {
            e.addSuppressed(failures.get(i).cause());
        }
        throw e;
    }

    /**
     * Makes every metric point logged so far durable: writes what this run has buffered and waits for the
     * store, then flushes the store (a BATCHED file store forces its files). Cheap for a run that logs
     * directly into a SYNC store.
     *
     * @throws MetricWriteException if buffered points could not be written (now or by the background writer)
     */
    public Run flush() {
        if (buffer != null) {
            report(buffer.flush());
        }
        context.store().flush();
        return this;
    }

    /** @return the store-assigned id */
    public String id() {
        return id;
    }

    /** @return the run as stored now */
    public RunRecord record() {
        return context.store().tracking().getRun(id);
    }

    /** Logs a param; {@code value} is stored as {@link String#valueOf(Object)}. */
    public Run logParam(String key, Object value) {
        Checks.notNull("param '" + key + "'", value);
        return logParams(Map.of(Checks.key("param key", key), String.valueOf(value)));
    }

    /** Logs several params, all or none. */
    public Run logParams(Map<String, ?> params) {
        Checks.notNull("params", params);
        Map<String, String> text = new LinkedHashMap<>();
        params.forEach((k, v) -> text.put(Checks.key("param key", k), String.valueOf(Checks.notNull("param '" + k + "'", v))));
        context.store().tracking().logParams(id, text);
        return this;
    }

    /** Logs one metric value at a step (epoch, batch …), timestamped by the lifecycle's clock. */
    public Run logMetric(String key, double value, long step) {
        putMetrics(List.of(new MetricPoint(key, value, step, context.now())));
        return this;
    }

    /** Logs several metrics at one step, all or none. */
    public Run logMetrics(Map<String, Double> values, long step) {
        Checks.notNull("values", values);
        Instant now = context.now();
        List<MetricPoint> points = new ArrayList<>(values.size());
        values.forEach((k, v) -> points.add(new MetricPoint(k, Checks.notNull("metric '" + k + "'", v), step, now)));
        putMetrics(List.copyOf(points));
        return this;
    }

    /** Logs prepared points, all or none, in list order. */
    public Run logMetrics(List<MetricPoint> points) {
        Checks.notNull("points", points);
        for (int i = 0; i < points.size(); i++) {
            Checks.element("points", i, points.get(i));
        }
        putMetrics(List.copyOf(points));
        return this;
    }

    /** @return the points of one metric in append order */
    public List<MetricPoint> metricHistory(String key) {
        return stored().metricHistory(key);
    }

    /** @return reads of this run as stored: record, metric series, children, artifacts */
    public StoredRun stored() {
        return new StoredRun(context, id);
    }

    /** @return the child runs, in start order */
    public List<StoredRun> children() {
        return stored().children();
    }

    /** @return the run's artifacts by path, with size and digest */
    public List<RunArtifact> artifacts() {
        return stored().artifacts();
    }

    /**
     * Opens the bytes of the artifact recorded at {@code path}; the caller closes the stream.
     *
     * @throws io.mllifecycle.store.NotFoundException if there is no artifact at this path
     */
    public InputStream openArtifact(String path) {
        return stored().openArtifact(path);
    }

    /** Sets a tag (tags may change, also after the run ended). */
    public Run setTag(String key, String value) {
        context.store().tracking().setTags(id, Map.of(Checks.key("tag key", key), Checks.tagValue("tag '" + key + "'", value)));
        return this;
    }

    /** Records that the run used {@code dataset} for {@code role}; the version is stored if new. */
    public Run logInput(DatasetVersion dataset, DatasetRole role) {
        Checks.notNull("dataset", dataset);
        Checks.notNull("role", role);
        context.store().tracking().putDataset(dataset);
        context.store().tracking().logInputs(id, List.of(new RunInput(dataset.name(), dataset.digest(), role)));
        return this;
    }

    /**
     * Stores a file's bytes (streamed, content-addressed) and records them under {@code path}.
     *
     * @throws IllegalArgumentException if {@code file} is not a regular file or {@code path} is not a
     *     clean relative path
     */
    public ArtifactInfo logArtifact(String path, Path file) {
        Checks.artifactPath("path", path);
        Checks.notNull("file", file);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file must be a regular file, but was " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return logArtifact(path, in, MediaTypes.guess(path));
        } catch (IOException e) {
            throw new StoreException("reading artifact file " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** Stores bytes and records them under {@code path}. */
    public ArtifactInfo logArtifact(String path, byte[] bytes) {
        Checks.notNull("bytes", bytes);
        return logArtifact(path, new ByteArrayInputStream(bytes), MediaTypes.guess(path));
    }

    /** Stores a stream's bytes (read to its end, not closed) and records them under {@code path}. */
    public ArtifactInfo logArtifact(String path, InputStream content, String mediaType) {
        Checks.artifactPath("path", path);
        Checks.notNull("content", content);
        Checks.name("mediaType", mediaType);
        // refuse before storing: the bytes of a refused call would be a blob no record refers to
        TrackingRules.requireRunning(context.store().tracking().getRun(id), "artifacts");
        return context.references().guardWrite(() -> {
            ArtifactInfo info = context.store().artifacts().put(content, mediaType);
            context.store().tracking().recordArtifact(id, path, info.digest());
            return info;
        });
    }

    /**
     * Checks data before training with {@code suite} and stores the outcome with this run: the report as
     * artifacts {@code data-quality/<suite>/check-<n>.json} ({@link DataQualityReport#toJson()}) and
     * {@code .md} (Markdown), metrics {@code data_quality.<suite>.expectations}, {@code .failed} and
     * {@code .rows} at step {@code n}, and the tag {@code data_quality.<suite>} = {@code passed} or
     * {@code failed: } followed by each failing expectation with its observed value and bound (cut to the tag
     * limit); {@code Gates.dataQuality(suite)} reads that tag. {@code n} counts this run's earlier checks with
     * the suite (0 for the first), so that checking again, e.g. after cleaning the data, keeps every report and
     * the tag tells the latest. A failing suite is not an exception: the caller
     * decides (e.g. {@code if (!report.passed()) run.fail(…)}). {@code <suite>} in paths is the suite's name with
     * characters other than letters, digits, {@code .}, {@code _} and {@code -} replaced by {@code _}.
     *
     * @return the report
     * @throws IllegalArgumentException if an argument is null or the data's columns differ in length (nothing is
     *         stored)
     * @throws io.mllifecycle.store.ConflictException if the run has ended (nothing is stored)
     */
    public DataQualityReport checkDataQuality(DataQualitySuite suite, Table data) {
        Checks.notNull("suite", suite);
        Checks.notNull("data", data);
        return store(suite.evaluate(data));
    }

    /**
     * As {@link #checkDataQuality(DataQualitySuite, Table)} for the data of {@code dataset}, which is also
     * recorded as this run's input in {@code role}; the data must be that version's: the same row count and the
     * same columns with the same types.
     *
     * @throws IllegalArgumentException if the data does not match the dataset version (naming the difference);
     *         nothing is stored
     */
    public DataQualityReport checkDataQuality(DataQualitySuite suite, DatasetVersion dataset, DatasetRole role,
                                              Table data) {
        Checks.notNull("suite", suite);
        Checks.notNull("dataset", dataset);
        Checks.notNull("role", role);
        Checks.notNull("data", data);
        DataQualityReport report = suite.evaluate(data);
        Map<String, String> actual = new LinkedHashMap<>();
        data.names().forEach(c -> actual.put(c, data.type(c).name()));
        Map<String, String> declared = new LinkedHashMap<>();
        dataset.schema().forEach((c, t) -> declared.put(c, t.name()));
        if (!actual.equals(declared) || report.rows() != dataset.rowCount()) {
            throw new IllegalArgumentException("data must be that of dataset " + dataset.name() + " ("
                    + dataset.rowCount() + " rows, columns " + declared + "), but had " + report.rows()
                    + " rows, columns " + actual);
        }
        TrackingRules.requireRunning(context.store().tracking().getRun(id), "data quality checks");
        logInput(dataset, role);
        return store(report);
    }

    private synchronized DataQualityReport store(DataQualityReport report) {
        RunRecord now = context.store().tracking().getRun(id);
        TrackingRules.requireRunning(now, "data quality checks");
        String suite = report.suite();
        String dir = "data-quality/" + suite.replaceAll("[^A-Za-z0-9._-]", "_") + "/";
        // artifact paths are write-once: each check of the suite in this run gets the next number
        long check = now.artifacts().keySet().stream().filter(k -> k.startsWith(dir) && k.endsWith(".json")).count();
        String file = dir + "check-" + check;
        logArtifact(file + ".json", new ByteArrayInputStream(report.toJson().getBytes(StandardCharsets.UTF_8)),
                DataQualityReport.MEDIA_TYPE);
        logArtifact(file + ".md", new ByteArrayInputStream(report.toMarkdown().getBytes(StandardCharsets.UTF_8)),
                "text/markdown");
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("data_quality." + suite + ".expectations", (double) report.results().size());
        metrics.put("data_quality." + suite + ".failed", (double) report.failures().size());
        metrics.put("data_quality." + suite + ".rows", (double) report.rows());
        logMetrics(metrics, check);
        StringBuilder tag = new StringBuilder(report.passed() ? "passed" : "failed: ");
        for (int i = 0; i < report.failures().size(); i++) {
            var r = report.failures().get(i);
            tag.append(i == 0 ? "" : "; ").append(r.name()).append(" (observed ").append(r.observed())
                    .append("; expected ").append(r.expected()).append(')');
        }
        String value = tag.length() <= Checks.MAX_TAG_VALUE ? tag.toString()
                : tag.substring(0, Checks.MAX_TAG_VALUE - 1) + "…";
        setTag("data_quality." + suite, value);
        LOG.debug("run {}: {}", id, report.summary());
        return report;
    }

    /** Starts a child run of this one (a sweep's trial) in the same experiment. */
    public Run startChild(Consumer<RunSpec> settings) {
        Checks.notNull("settings", settings);
        Experiment exp = Experiment.of(context, context.store().tracking().getExperiment(experimentId));
        return exp.startRun(spec -> {
            settings.accept(spec);
            spec.parent(id);
        });
    }

    /** Ends the run as FAILED, keeping the exception's class and message. Idempotent once ended. */
    public void fail(Throwable cause) {
        Checks.notNull("cause", cause);
        String text = cause.getClass().getName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        if (text.length() > Checks.MAX_DESCRIPTION) {
            text = text.substring(0, Checks.MAX_DESCRIPTION);
        }
        end(RunStatus.FAILED, text);
    }

    /** Ends the run as KILLED. */
    public void kill() {
        end(RunStatus.KILLED, null);
    }

    /** Ends the run as FINISHED unless it already ended. */
    @Override
    public void close() {
        end(RunStatus.FINISHED, null);
    }

    /**
     * With a buffer: writes what is pending first, ends the run anyway if some points could not be written
     * (a training loop's try-with-resources must not leave the run RUNNING), then reports them.
     */
    private synchronized void end(RunStatus status, String failure) {
        if (ended) {
            return;
        }
        if (buffer != null) {
            buffer.flush();
        }
        try {
            context.store().tracking().endRun(id, status, context.now(), failure);
        } catch (RuntimeException e) {
            if (buffer != null) {
                buffer.failures().forEach(f -> e.addSuppressed(f.cause()));
            }
            throw e;
        }
        ended = true;
        LOG.debug("run {} ended {}", id, status);
        if (buffer != null) {
            buffer.flush(); // a point another thread buffered while the run was ending is refused and reported
            report(buffer.failures());
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    @Override
    public String toString() {
        return "Run[" + id + "]";
    }
}
