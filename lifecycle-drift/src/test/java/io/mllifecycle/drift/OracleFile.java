package io.mllifecycle.drift;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads the SciPy oracle written by src/test/oracle/make_ks_oracle.py (format described there). */
final class OracleFile {

    record Ks(String alternative, String method, String used, double statistic, double pValue,
            double location, int sign) {}

    record Cvm(String method, double statistic, double pValue) {}

    record Case(String name, double[] ref, double[] cur, List<Ks> ks, List<Cvm> cvm,
            double wasserstein, double wassersteinScaled, boolean hasWasserstein) {
        @Override
        public String toString() {
            return name + " (" + ref.length + "x" + cur.length + ")";
        }
    }

    record KsTwo(int n, double x, double sf) {}

    final List<Case> cases = new ArrayList<>();
    final List<KsTwo> kstwo = new ArrayList<>();

    private static OracleFile instance;

    static synchronized OracleFile load() {
        if (instance == null) {
            instance = new OracleFile();
            try (InputStream raw = OracleFile.class.getResourceAsStream("/oracle/drift_oracle.txt.gz");
                 BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
                         StandardCharsets.US_ASCII))) {
                instance.parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    private void parse(BufferedReader in) throws IOException {
        String name = null;
        double[] ref = null;
        double[] cur = null;
        List<Ks> ks = new ArrayList<>();
        List<Cvm> cvm = new ArrayList<>();
        double wd = Double.NaN;
        double wds = Double.NaN;
        boolean hasWd = false;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "case" -> {
                    name = f[1];
                    ks = new ArrayList<>();
                    cvm = new ArrayList<>();
                    hasWd = false;
                }
                case "ref" -> ref = doubles(f);
                case "cur" -> cur = doubles(f);
                case "ks" -> ks.add(new Ks(f[1], f[2], f[3], num(f[4]), num(f[5]), num(f[6]),
                        Integer.parseInt(f[7])));
                case "cvm" -> cvm.add(new Cvm(f[1], num(f[2]), num(f[3])));
                case "wd" -> {
                    wd = num(f[1]);
                    wds = num(f[2]);
                    hasWd = true;
                }
                case "end" -> cases.add(new Case(name, ref, cur, ks, cvm, wd, wds, hasWd));
                case "kstwo" -> kstwo.add(new KsTwo(Integer.parseInt(f[1]), num(f[2]), num(f[3])));
                default -> { } // comment
            }
        }
    }

    private static double[] doubles(String[] f) {
        double[] out = new double[f.length - 1];
        for (int i = 1; i < f.length; i++) {
            out[i - 1] = num(f[i]);
        }
        return out;
    }

    static double num(String s) {
        return switch (s) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    /** p-value agreement: 1e-10 absolute, and 1e-6 relative where 1e-300 &lt; expected &lt; 1e-4. */
    static boolean pValueAgrees(double actual, double expected) {
        if (Math.abs(actual - expected) > 1e-10) {
            return false;
        }
        if (expected > 1e-300 && expected < 1e-4) {
            return Math.abs(actual - expected) <= 1e-6 * expected;
        }
        return true;
    }
}
