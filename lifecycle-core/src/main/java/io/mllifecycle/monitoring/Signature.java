package io.mllifecycle.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mllifecycle.store.ColumnType;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.spi.Checks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A model version's signature: its input columns (name, numeric or categorical, nullable) and its outputs.
 * Taken from the schema of the training data ({@link #from(DatasetVersion)}) or declared
 * ({@link #builder()}); registered with {@code VersionSpec.signature(…)}, read back with
 * {@code ModelVersion.signature()}, shown on the model card, and checked by a {@link Monitor} against every
 * batch before any of its rows is counted.
 *
 * <p>Storage: the signature is kept with the version in every store as the model-card field
 * {@value #CARD_FIELD}, holding this JSON form: {@code {"format":1,"inputs":[{"name":…,"type":"NUMERIC",
 * "nullable":true}],"outputs":[…]}} ({@link #toJson()}, {@link #fromJson(String)}). The field is reserved:
 * it is written only through the signature. Immutable and thread-safe.
 */
public final class Signature {
    /** The model-card field that holds a version's signature. */
    public static final String CARD_FIELD = "mllifecycle.signature";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    /**
     * One column.
     *
     * @param name     the column name
     * @param type     numeric ({@code double[]}, NaN = missing) or categorical ({@code String[]}, null = missing)
     * @param nullable whether missing values are allowed
     */
    public record Column(String name, ColumnType type, boolean nullable) {
        public Column {
            Checks.key("column name", name);
            Checks.notNull("type of column '" + name + "'", type);
        }
    }

    private final List<Column> inputs;
    private final List<Column> outputs;

    private Signature(List<Column> inputs, List<Column> outputs) {
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
    }

    /** @return a builder for a declared signature */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a signature whose inputs are {@code dataset}'s columns, in schema order, all nullable (a dataset
     *         schema does not record nullability; declare it with {@link #builder()}), with no outputs
     */
    public static Signature from(DatasetVersion dataset) {
        Checks.notNull("dataset", dataset);
        Builder b = builder();
        dataset.schema().forEach((name, type) -> b.input(name, type, true));
        return b.build();
    }

    /** @return the input columns, in order */
    public List<Column> inputs() {
        return inputs;
    }

    /** @return the output columns, in order (documentation: {@link #check} looks at inputs only) */
    public List<Column> outputs() {
        return outputs;
    }

    /**
     * Compares a batch's feature columns with the inputs: every missing column, every column the signature
     * does not have, every column of the wrong type and every missing value in a column that is not nullable
     * is reported, all at once. Predictions and labels are not features and are not compared.
     *
     * @return the result; {@link SignatureCheck#orThrow()} turns a mismatch into an exception
     */
    public SignatureCheck check(ProductionBatch batch) {
        Checks.notNull("batch", batch);
        List<String> missing = new ArrayList<>();
        List<String> wrongType = new ArrayList<>();
        List<String> nulls = new ArrayList<>();
        Set<String> declared = new HashSet<>();
        for (Column c : inputs) {
            declared.add(c.name());
            Object values = batch.features().get(c.name());
            if (values == null) {
                missing.add(c.name());
            } else if (c.type() == ColumnType.NUMERIC && !(values instanceof double[])) {
                wrongType.add(c.name() + " (expected NUMERIC, got CATEGORICAL)");
            } else if (c.type() == ColumnType.CATEGORICAL && !(values instanceof String[])) {
                wrongType.add(c.name() + " (expected CATEGORICAL, got NUMERIC)");
            } else if (!c.nullable()) {
                int row = firstMissing(values);
                if (row >= 0) {
                    nulls.add(c.name() + " (row " + row + ")");
                }
            }
        }
        List<String> extra = batch.features().keySet().stream().filter(k -> !declared.contains(k)).toList();
        return new SignatureCheck(missing, extra, wrongType, nulls);
    }

    private static int firstMissing(Object values) {
        if (values instanceof double[] d) {
            for (int i = 0; i < d.length; i++) {
                if (Double.isNaN(d[i])) {
                    return i;
                }
            }
        } else if (values instanceof String[] s) {
            for (int i = 0; i < s.length; i++) {
                if (s[i] == null) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * Checks {@code batch} against the signature {@code version} carries, if any: what a monitor does first
     * in {@code observe}. @throws SignatureMismatchException if it does not match
     */
    static void requireMatch(ModelVersionRecord version, ProductionBatch batch) {
        Optional<Signature> signature = of(version);
        if (signature.isPresent()) {
            SignatureCheck result = signature.get().check(batch);
            if (!result.ok()) {
                throw new SignatureMismatchException("batch does not match the signature of " + version.reference()
                        + ": " + result.summary() + "; nothing of it was counted", result);
            }
        }
    }

    /**
     * @return the signature stored with {@code version}, if it has one
     * @throws IllegalArgumentException if its card field {@value #CARD_FIELD} is not a signature
     */
    public static Optional<Signature> of(ModelVersionRecord version) {
        Checks.notNull("version", version);
        String json = version.card().get(CARD_FIELD);
        return json == null ? Optional.empty() : Optional.of(fromJson(json));
    }

    /** @return the JSON form kept in the card field {@value #CARD_FIELD} */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        write(root.putArray("inputs"), inputs);
        write(root.putArray("outputs"), outputs);
        return root.toString();
    }

    private static void write(ArrayNode array, List<Column> columns) {
        for (Column c : columns) {
            array.addObject().put("name", c.name()).put("type", c.type().name()).put("nullable", c.nullable());
        }
    }

    /**
     * @return the signature {@code json} ({@link #toJson()}) describes
     * @throws IllegalArgumentException if it is not a signature of format 1, naming what is wrong
     */
    public static Signature fromJson(String json) {
        Checks.notNull("json", json);
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("signature JSON is not readable: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || root.path("format").asInt(-1) != FORMAT) {
            throw new IllegalArgumentException("signature JSON must be an object with \"format\":" + FORMAT
                    + ", but was " + Checks.quote(json.length() > 80 ? json.substring(0, 80) + "…" : json));
        }
        Builder b = builder();
        read(root.path("inputs"), "inputs", (n, t, nullable) -> b.input(n, t, nullable));
        read(root.path("outputs"), "outputs", (n, t, nullable) -> b.output(n, t, nullable));
        return b.build();
    }

    private interface ColumnSink {
        void add(String name, ColumnType type, boolean nullable);
    }

    private static void read(JsonNode array, String part, ColumnSink sink) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("signature JSON must have an array \"" + part + "\"");
        }
        for (JsonNode c : array) {
            String type = c.path("type").asText("");
            if (!c.path("name").isTextual() || !c.path("nullable").isBoolean()
                    || !(type.equals("NUMERIC") || type.equals("CATEGORICAL"))) {
                throw new IllegalArgumentException("each of the signature's " + part + " must have a name, a type"
                        + " NUMERIC or CATEGORICAL and a boolean nullable, but one was " + c);
            }
            sink.add(c.get("name").asText(), ColumnType.valueOf(type), c.get("nullable").asBoolean());
        }
    }

    /** @return the signature as Markdown lines (one bullet per column) */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder();
        b.append("Inputs:\n\n");
        inputs.forEach(c -> line(b, c));
        b.append(outputs.isEmpty() ? "\nOutputs: _not declared_\n" : "\nOutputs:\n\n");
        outputs.forEach(c -> line(b, c));
        return b.toString();
    }

    private static void line(StringBuilder b, Column c) {
        b.append("- `").append(c.name()).append("`: ").append(c.type().name().toLowerCase(java.util.Locale.ROOT))
                .append(c.nullable() ? ", nullable" : ", required").append('\n');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature s && s.inputs.equals(inputs) && s.outputs.equals(outputs);
    }

    @Override
    public int hashCode() {
        return inputs.hashCode() * 31 + outputs.hashCode();
    }

    @Override
    public String toString() {
        return "Signature[inputs=" + inputs + ", outputs=" + outputs + "]";
    }

    /** Builds a {@link Signature}; each column is checked when added. */
    public static final class Builder {
        private final List<Column> inputs = new ArrayList<>();
        private final List<Column> outputs = new ArrayList<>();
        private final Set<String> names = new HashSet<>();

        private Builder() {}

        /**
         * An input column. @throws IllegalArgumentException if the name is blank or already declared (as an
         * input or an output), naming the column
         */
        public Builder input(String name, ColumnType type, boolean nullable) {
            inputs.add(column("input", name, type, nullable));
            return this;
        }

        /** An output column, e.g. {@code ("churn_probability", NUMERIC, false)}; names are unique as for inputs. */
        public Builder output(String name, ColumnType type, boolean nullable) {
            outputs.add(column("output", name, type, nullable));
            return this;
        }

        private Column column(String kind, String name, ColumnType type, boolean nullable) {
            Column c = new Column(name, type, nullable);
            if (!names.add(name)) {
                throw new IllegalArgumentException(kind + " column '" + name + "' is declared twice; the column"
                        + " names of a signature must be unique");
            }
            return c;
        }

        /**
         * @return the signature
         * @throws IllegalStateException if it has no input column
         */
        public Signature build() {
            if (inputs.isEmpty()) {
                throw new IllegalStateException("a signature needs at least one input column, but none was declared");
            }
            return new Signature(Collections.unmodifiableList(inputs), outputs);
        }
    }
}
