package io.mllifecycle.drift;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the PSI oracle fixtures written by {@code src/test/oracle/make_psi_oracle.py}. */
final class PsiOracle {

    private PsiOracle() {}

    /** One case: key → raw value, in file order. */
    record Case(Map<String, String> fields) {
        String name() {
            return get("case");
        }

        String get(String key) {
            String v = fields.get(key);
            if (v == null) {
                throw new IllegalStateException("oracle case " + fields.get("case") + " has no " + key);
            }
            return v;
        }

        boolean has(String key) {
            return fields.containsKey(key);
        }

        double number(String key) {
            return Double.parseDouble(get(key));
        }

        double[] numbers(String key) {
            String v = get(key);
            if (v.isEmpty()) {
                return new double[0];
            }
            String[] parts = v.split(",");
            double[] out = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                out[i] = Double.parseDouble(parts[i]);
            }
            return out;
        }

        long[] longs(String key) {
            String[] parts = get(key).split(",");
            long[] out = new long[parts.length];
            for (int i = 0; i < parts.length; i++) {
                out[i] = Long.parseLong(parts[i]);
            }
            return out;
        }

        String[] categories(String key) {
            String[] parts = get(key).split(",", -1);
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].equals("\\N")) {
                    parts[i] = null;
                }
            }
            return parts;
        }

        @Override
        public String toString() {
            return name();
        }
    }

    static List<Case> read(String file) {
        InputStream in = PsiOracle.class.getResourceAsStream("/oracle/" + file);
        if (in == null) {
            throw new IllegalStateException("missing oracle file " + file);
        }
        List<Case> cases = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Map<String, String> current = new LinkedHashMap<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (line.equals("end")) {
                    cases.add(new Case(current));
                    current = new LinkedHashMap<>();
                    continue;
                }
                int tab = line.indexOf('\t');
                current.put(line.substring(0, tab), line.substring(tab + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    /** Asserts |actual − expected| ≤ 1e-12·|expected| + absolute. */
    static boolean close(double actual, double expected, double absolute) {
        if (actual == expected) {
            return true;
        }
        return Math.abs(actual - expected) <= 1e-12 * Math.abs(expected) + absolute;
    }
}
