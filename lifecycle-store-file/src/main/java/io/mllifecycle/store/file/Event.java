package io.mllifecycle.store.file;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.mllifecycle.store.AliasChange;
import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.AuditEvent;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.ExperimentRecord;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.PolicyRecord;
import io.mllifecycle.store.RegisteredModelRecord;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.TransitionRequest;
import java.util.Map;

/**
 * One change in the journal. Records carry whole values (an experiment, a run, a version) rather than
 * differences, so replaying is a plain put and a journal can be compacted by writing the current value
 * of everything; only metric commits carry just the keys a batch changed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Event.Header.class, name = "header"),
        @JsonSubTypes.Type(value = Event.Experiment.class, name = "experiment"),
        @JsonSubTypes.Type(value = Event.Run.class, name = "run"),
        @JsonSubTypes.Type(value = Event.Metrics.class, name = "metrics"),
        @JsonSubTypes.Type(value = Event.Dataset.class, name = "dataset"),
        @JsonSubTypes.Type(value = Event.Blob.class, name = "blob"),
        @JsonSubTypes.Type(value = Event.BlobDeleted.class, name = "blob-deleted"),
        @JsonSubTypes.Type(value = Event.Model.class, name = "model"),
        @JsonSubTypes.Type(value = Event.Version.class, name = "version"),
        @JsonSubTypes.Type(value = Event.Alias.class, name = "alias"),
        @JsonSubTypes.Type(value = Event.Audit.class, name = "audit"),
        @JsonSubTypes.Type(value = Event.Policy.class, name = "policy"),
        @JsonSubTypes.Type(value = Event.Request.class, name = "request"),
        @JsonSubTypes.Type(value = Event.VersionRequest.class, name = "version-request"),
        @JsonSubTypes.Type(value = Event.MetricRequest.class, name = "metric-request"),
        @JsonSubTypes.Type(value = Event.RunPurged.class, name = "run-purged"),
        @JsonSubTypes.Type(value = Event.ExperimentPurged.class, name = "experiment-purged"),
        @JsonSubTypes.Type(value = Event.ModelDeleted.class, name = "model-deleted"),
        @JsonSubTypes.Type(value = Event.VersionDeleted.class, name = "version-deleted")})
sealed interface Event {
    /** First record of every journal: the compaction generation it was written in. */
    record Header(int format, long generation) implements Event {}

    /** An experiment was created or changed. */
    record Experiment(ExperimentRecord experiment) implements Event {}

    /** A run was created or changed (params, tags, inputs, artifacts, end). */
    record Run(RunRecord run) implements Event {}

    /**
     * A batch of metric points was committed: the run's metric log is now {@code length} bytes long,
     * and {@code latest} holds the new latest point of each key the batch touched. {@code synced} says the
     * log was forced to disk before this record was written, so a log shorter than {@code length} is damage
     * rather than the documented loss of a BATCHED store after a power failure. {@code heartbeat} is the run's
     * new last heartbeat (format 3; null in older records: unchanged).
     *
     * <p>{@code inline} (format 5) is the batch's {@link MetricFrames} payload when a SYNC write did not force
     * the log: the record is then the write-ahead copy of the batch, which was appended to the log as one frame
     * ending at {@code length}. Forcing this record makes the batch durable; the log is forced later (before
     * the journal is compacted), and a log that lost the batch in a power failure is rewritten from here when
     * the store is next opened. Null when the log holds the batch on its own.
     */
    record Metrics(String runId, Map<String, MetricPoint> latest, long length, boolean synced,
                   java.time.Instant heartbeat,
                   @com.fasterxml.jackson.annotation.JsonInclude(
                           com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) byte[] inline)
            implements Event {
        Metrics(String runId, Map<String, MetricPoint> latest, long length, boolean synced) {
            this(runId, latest, length, synced, null, null);
        }

        Metrics(String runId, Map<String, MetricPoint> latest, long length, boolean synced,
                java.time.Instant heartbeat) {
            this(runId, latest, length, synced, heartbeat, null);
        }
    }

    /** A dataset version was stored. */
    record Dataset(DatasetVersion dataset) implements Event {}

    /** A blob was stored; its bytes are in {@code blobs/sha256/}. */
    record Blob(ArtifactInfo info) implements Event {}

    /** A blob was deleted. */
    record BlobDeleted(String digest) implements Event {}

    /** A registered model was created or changed (description, tags, aliases). */
    record Model(RegisteredModelRecord model) implements Event {}

    /** A model version was created or changed. */
    record Version(ModelVersionRecord version) implements Event {}

    /** An alias of {@code model} moved. */
    record Alias(String model, AliasChange change) implements Event {}

    /** An audit event was appended to the chain. */
    record Audit(AuditEvent event) implements Event {}

    /** A revision of a governance policy was stored (format 2). */
    record Policy(PolicyRecord policy) implements Event {}

    /** A transition request was created (pending) or decided (format 2). */
    record Request(TransitionRequest request) implements Event {}

    /** A version was registered with the caller's request id; a repeat of the id returns it (format 2). */
    record VersionRequest(String model, String requestId, String fingerprint, int version) implements Event {}

    /** A metric batch was committed with the caller's request id; a repeat appends nothing (format 2). */
    record MetricRequest(String runId, String requestId, String fingerprint) implements Event {}

    /** A deleted run was purged: its record, metric log and request ids are gone (format 3). */
    record RunPurged(String runId) implements Event {}

    /** A deleted experiment without runs was purged; its name is free (format 3). */
    record ExperimentPurged(String experimentId) implements Event {}
    /** A model and its versions were deleted: hidden from reads, its name not given again. */
    record ModelDeleted(String model) implements Event {}

    /** A version was deleted: hidden from reads, its number not given again. */
    record VersionDeleted(String model, int version) implements Event {}
}
