package io.mllifecycle.tracking;

import java.util.Arrays;
import io.mllifecycle.store.spi.Checks;
import io.mllifecycle.store.ColumnType;
import io.mllifecycle.store.DatasetVersion;
import io.mllifecycle.store.spi.Digests;
import java.io.BufferedReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link DatasetVersion}s: the digest covers all of the content, so two versions with the same
 * digest hold the same data.
 */
public final class Datasets {
    private Datasets() {}

    /**
     * Describes a CSV file (RFC 4180: comma-separated, first record the header, fields may be quoted with
     * {@code "…"} to hold commas, quotes or line breaks): the digest is SHA-256 of the file's bytes; a column is
     * NUMERIC if every non-empty value parses as a number, otherwise CATEGORICAL. The file is streamed, not
     * loaded.
     *
     * @throws IllegalArgumentException if the file does not exist, has no header, a record has the wrong number
     *                                  of fields, or the header names a column twice
     * @throws UncheckedIOException     if reading the file fails otherwise
     */
    public static DatasetVersion fromCsv(String name, Path file) {
        Checks.name("dataset name", name);
        Checks.notNull("file", file);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file must be a readable CSV file, but " + file
                    + (Files.exists(file) ? " is not a regular file" : " does not exist"));
        }
        MessageDigest md = Digests.newSha256();
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        try (InputStream raw = Files.newInputStream(file);
             DigestInputStream in = new DigestInputStream(raw, md);
             Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw new IllegalArgumentException("file " + file + " must start with a header line, but was empty");
            }
            CSVRecord header = records.next();
            String[] columns = new String[header.size()];
            Map<String, ColumnType> schema = new LinkedHashMap<>();
            for (int i = 0; i < columns.length; i++) {
                columns[i] = header.get(i).trim();
                if (schema.put(columns[i], ColumnType.NUMERIC) != null) {
                    throw new IllegalArgumentException("file " + file + " must name each column once, but its header"
                            + " names '" + columns[i] + "' twice");
                }
            }
            boolean[] numeric = new boolean[columns.length];
            Arrays.fill(numeric, true);
            long rows = 0;
            while (records.hasNext()) {
                CSVRecord r = records.next();
                if (r.size() != columns.length) {
                    throw new IllegalArgumentException("file " + file + " record " + (rows + 1) + " (line "
                            + r.getParser().getCurrentLineNumber() + ") must have " + columns.length + " fields, but had "
                            + r.size());
                }
                for (int i = 0; i < columns.length; i++) {
                    // once a column is categorical its values need no parsing
                    if (numeric[i]) {
                        String v = r.get(i);
                        numeric[i] = v.isEmpty() || NumberText.isNumber(v);
                    }
                }
                rows++;
            }
            in.transferTo(OutputStream.nullOutputStream()); // digest the whole file, past what the parser read
            for (int i = 0; i < columns.length; i++) {
                schema.put(columns[i], numeric[i] ? ColumnType.NUMERIC : ColumnType.CATEGORICAL);
            }
            return new DatasetVersion(name, Digests.format(md.digest()), schema, rows, file.toUri().toString(), null);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("reading dataset file " + file + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (IOException e) {
            throw new UncheckedIOException("reading dataset file " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** @return a builder for a dataset held in memory as columns */
    public static ColumnsBuilder columns(String name) {
        return new ColumnsBuilder(Checks.name("dataset name", name));
    }

    /** Builds a dataset version from in-memory columns of equal length. */
    public static final class ColumnsBuilder {
        private final String name;
        private final Map<String, Object> columns = new LinkedHashMap<>();
        private String sourceUri = "";
        private int rows = -1;

        private ColumnsBuilder(String name) {
            this.name = name;
        }

        /** Adds a numeric column (NaN marks a missing value). */
        public ColumnsBuilder numeric(String column, double[] values) {
            add(column, Checks.notNull("values of '" + column + "'", values).clone(), values.length);
            return this;
        }

        /** Adds a categorical column (null marks a missing value). */
        public ColumnsBuilder categorical(String column, String[] values) {
            add(column, Checks.notNull("values of '" + column + "'", values).clone(), values.length);
            return this;
        }

        /** Where the data came from. */
        public ColumnsBuilder sourceUri(String uri) {
            this.sourceUri = Checks.tagValue("sourceUri", uri);
            return this;
        }

        private void add(String column, Object values, int length) {
            Checks.key("column", column);
            if (columns.containsKey(column)) {
                throw new IllegalArgumentException("column '" + column + "' was already added");
            }
            if (rows >= 0 && length != rows) {
                throw new IllegalArgumentException("column '" + column + "' must have " + rows
                        + " values like the columns before it, but had " + length);
            }
            rows = length;
            columns.put(column, values);
        }

        /** @return the version; its digest covers column names, types and every value */
        public DatasetVersion build() {
            if (columns.isEmpty()) {
                throw new IllegalStateException("dataset '" + name + "' must have at least one column");
            }
            MessageDigest md = Digests.newSha256();
            Map<String, ColumnType> schema = new LinkedHashMap<>();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8);
            columns.forEach((column, values) -> {
                md.update(column.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                if (values instanceof double[] d) {
                    schema.put(column, ColumnType.NUMERIC);
                    md.update((byte) 'N');
                    for (double v : d) {
                        buf.clear();
                        buf.putLong(Double.doubleToLongBits(v));
                        md.update(buf.array());
                    }
                } else {
                    schema.put(column, ColumnType.CATEGORICAL);
                    md.update((byte) 'C');
                    for (String s : (String[]) values) {
                        if (s == null) {
                            md.update((byte) 0xFF);
                        } else {
                            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                            buf.clear();
                            buf.putLong(bytes.length);
                            md.update(buf.array());
                            md.update(bytes);
                        }
                    }
                }
            });
            return new DatasetVersion(name, Digests.format(md.digest()), schema, rows, sourceUri, null);
        }
    }
}
