package io.mllifecycle.store.file;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.mllifecycle.store.CorruptStoreException;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.ProfileData;
import io.mllifecycle.store.ProfileRef;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * JSON encoding of journal records and metric batches. Jackson stays inside this package; instants are
 * written as ISO-8601 text so files stay readable and round-trip to the nanosecond.
 */
final class Json {
    // Fast double writer and parser (Schubfach, FastDoubleParser; both exact): a metric point's value is
    // written and read once per point, and the JDK 17 algorithms were a large part of a point's cost.
    private static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                    .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                    .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                    .build())
            .registerModule(new SimpleModule("instants")
                    .addSerializer(Instant.class, new InstantSerializer())
                    .addSerializer(MetricPoint.class, new PointSerializer())
                    .addDeserializer(Instant.class, new InstantDeserializer())
                    .addDeserializer(ProfileRef.class, new ProfileRefDeserializer()))
            // a deletion time is written only when set: most records are of runs that were never deleted
            .addMixIn(io.mllifecycle.store.RunRecord.class, OmitNullDeletion.class)
            .addMixIn(io.mllifecycle.store.ExperimentRecord.class, OmitNullDeletion.class)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final TypeReference<List<Event>> EVENTS = new TypeReference<>() {};
    private static final TypeReference<List<MetricPoint>> POINTS = new TypeReference<>() {};
    private static final ObjectWriter EVENTS_WRITER = MAPPER.writerFor(EVENTS);
    private static final ObjectReader EVENTS_READER = MAPPER.readerFor(EVENTS);
    private static final ObjectWriter POINTS_WRITER = MAPPER.writerFor(POINTS);
    private static final ObjectReader POINTS_READER = MAPPER.readerFor(POINTS);

    private Json() {}

    /** Jackson mix-in: leaves out {@code deletedAt} when null (read back as null, as in format 2 records). */
    private abstract static class OmitNullDeletion {
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        abstract Instant deletedAt();
    }

    static byte[] events(List<Event> events) {
        return write(EVENTS_WRITER, events);
    }

    static List<Event> events(Frames.Frame frame, Path file) {
        return read(EVENTS_READER, frame, file);
    }

    /**
     * Reads a record that may hold format-2 inline profiles: with a sink (migration), each one is stored
     * through it and read as its reference; without one, an inline profile is damage.
     */
    static List<Event> events(Frames.Frame frame, Path file, ProfileMigration.Sink legacyProfiles) {
        return legacyProfiles == null ? events(frame, file)
                : read(EVENTS_READER.withAttribute(ProfileMigration.Sink.class, legacyProfiles), frame, file);
    }

    static byte[] points(List<MetricPoint> points) {
        return write(POINTS_WRITER, points);
    }

    static List<MetricPoint> points(Frames.Frame frame, Path file) {
        return read(POINTS_READER, frame, file);
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    private static byte[] write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("encoding " + value.getClass().getSimpleName() + " as JSON failed", e);
        }
    }

    private static <T> T read(ObjectReader reader, Frames.Frame frame, Path file) {
        try {
            return reader.readValue(frame.data(), frame.start(), frame.length());
        } catch (IOException | RuntimeException e) {
            throw new CorruptStoreException("record at offset " + frame.offset() + " of " + file
                    + " has an intact checksum but is not a record this store wrote: " + e.getMessage(), e);
        }
    }

    private static final class InstantSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(io.mllifecycle.store.spi.InstantText.format(value));
        }
    }

    /**
     * A metric point as the record serializer writes it ({@code key, value, step, timestamp}), without its
     * reflection: metric logs are written a point at a time, so this is the hot path of logging.
     */
    private static final class PointSerializer extends JsonSerializer<MetricPoint> {
        private static final com.fasterxml.jackson.core.io.SerializedString KEY =
                new com.fasterxml.jackson.core.io.SerializedString("key");
        private static final com.fasterxml.jackson.core.io.SerializedString VALUE =
                new com.fasterxml.jackson.core.io.SerializedString("value");
        private static final com.fasterxml.jackson.core.io.SerializedString STEP =
                new com.fasterxml.jackson.core.io.SerializedString("step");
        private static final com.fasterxml.jackson.core.io.SerializedString TIMESTAMP =
                new com.fasterxml.jackson.core.io.SerializedString("timestamp");

        @Override
        public void serialize(MetricPoint p, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeStartObject();
            gen.writeFieldName(KEY);
            gen.writeString(p.key());
            gen.writeFieldName(VALUE);
            gen.writeNumber(p.value());
            gen.writeFieldName(STEP);
            gen.writeNumber(p.step());
            gen.writeFieldName(TIMESTAMP);
            byte[] text = new byte[40];
            // ISO-8601 text is ASCII letters, digits and '-:.', so it needs no escaping
            gen.writeRawUTF8String(text, 0, io.mllifecycle.store.spi.InstantText.write(p.timestamp(), text));
            gen.writeEndObject();
        }
    }

    private static final class InstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            try {
                return Instants.parse(text);
            } catch (DateTimeParseException | NullPointerException e) {
                throw ctxt.weirdStringException(text, Instant.class, "not an ISO-8601 instant");
            }
        }
    }

    /**
     * Reads a {@link ProfileRef}; a format-2 inline profile ({@code mediaType} and base64 {@code content})
     * only while migrating, when the sink stores its bytes as a blob.
     */
    private static final class ProfileRefDeserializer extends JsonDeserializer<ProfileRef> {
        @Override
        public ProfileRef deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = p.readValueAsTree();
            if (node == null || !node.isObject()) {
                throw ctxt.weirdStringException(String.valueOf(node), ProfileRef.class, "not a profile reference");
            }
            if (node.has("content")) {
                Object sink = ctxt.getAttribute(ProfileMigration.Sink.class);
                if (!(sink instanceof ProfileMigration.Sink s) || node.size() != 2 || !node.path("mediaType").isTextual()) {
                    throw ctxt.weirdStringException(node.toString().substring(0, Math.min(80, node.toString().length())),
                            ProfileRef.class, "an inline profile, which only a format-2 journal being migrated holds");
                }
                return s.store(new ProfileData(node.get("mediaType").asText(), node.get("content").binaryValue()));
            }
            if (node.size() != 3 || !node.path("digest").isTextual() || !node.path("mediaType").isTextual()
                    || !node.path("size").canConvertToLong()) {
                throw ctxt.weirdStringException(node.toString(), ProfileRef.class,
                        "expected {\"digest\", \"mediaType\", \"size\"}");
            }
            return new ProfileRef(node.get("digest").asText(), node.get("mediaType").asText(), node.get("size").asLong());
        }
    }
}
