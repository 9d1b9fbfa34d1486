package io.mllifecycle.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mllifecycle.store.ProfileData;
import io.mllifecycle.store.ProfileRef;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The server's Jackson configuration: bounded nesting and sizes, records written as they are. */
final class Json {
    /** Deepest nesting a request body may have; MLflow's requests need 4. */
    static final int MAX_DEPTH = 32;

    static final ObjectMapper MAPPER = JsonMapper.builder(
                    com.fasterxml.jackson.core.JsonFactory.builder()
                            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                                    .maxStringLength(10_000_000).maxNumberLength(100).build())
                            .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new SimpleModule("lifecycle-server")
                    .addSerializer(Instant.class, new ToStringSerializer<>(Instant.class))
                    .addSerializer(Duration.class, new ToStringSerializer<>(Duration.class))
                    .addSerializer(ProfileData.class, new ProfileSerializer())
                    .addSerializer(ProfileRef.class, new ProfileRefSerializer()))
            .build();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** @return {@code [{"key":…,"value":…}, …]}, MLflow's shape of tags and params */
    static ArrayNode keyValues(Map<String, String> map) {
        ArrayNode a = array();
        map.forEach((k, v) -> a.addObject().put("key", k).put("value", v));
        return a;
    }

    static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    private static final class ToStringSerializer<T> extends JsonSerializer<T> {
        private final Class<T> type;

        ToStringSerializer(Class<T> type) {
            this.type = type;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }

        @Override
        public Class<T> handledType() {
            return type;
        }
    }

    /** Profiles are opaque bytes: only their media type and size travel. */
    private static final class ProfileSerializer extends JsonSerializer<ProfileData> {
        @Override
        public void serialize(ProfileData value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeStartObject();
            gen.writeStringField("mediaType", value.mediaType());
            gen.writeNumberField("bytes", value.content().length);
            gen.writeEndObject();
        }

        @Override
        public Class<ProfileData> handledType() {
            return ProfileData.class;
        }
    }

    /** Records carry a reference to the profile blob: its media type and size travel as before, plus the digest. */
    private static final class ProfileRefSerializer extends JsonSerializer<ProfileRef> {
        @Override
        public void serialize(ProfileRef value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeStartObject();
            gen.writeStringField("mediaType", value.mediaType());
            gen.writeNumberField("bytes", value.size());
            gen.writeStringField("digest", value.digest());
            gen.writeEndObject();
        }

        @Override
        public Class<ProfileRef> handledType() {
            return ProfileRef.class;
        }
    }
}
