package io.mllifecycle.internal;

import io.mllifecycle.drift.fairness.FairnessReport;
import io.mllifecycle.drift.fairness.GroupRates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-group part of a fairness gate's stored message, written by {@code Gates.fairness(scores, …)} and read
 * back by the model card's quantitative analysis: a gate result stores text only, so the rates travel in one
 * fixed, readable form, {@code per group: 'a' [rows=4, positives=2, selection_rate=0.5, …]; 'b' […]}, group names
 * quoted with {@code '} doubled.
 */
public final class FairnessEvidence {
    /** Starts the per-group part of the message. */
    public static final String MARKER = " per group: ";
    /** Groups written out in full; the message of a gate result is bounded. */
    public static final int MAX_GROUPS = 50;
    private static final Pattern GROUP = Pattern.compile("'((?:[^']|'')*)' \\[([^\\]]*)\\]");

    private FairnessEvidence() {}

    /** One group's counts and rates as the evidence holds them (rates absent where undefined). */
    public record Group(String group, Map<String, String> values) {}

    /** @return the per-group part for {@code report}, starting with {@link #MARKER} */
    public static String encode(FairnessReport report) {
        StringBuilder b = new StringBuilder(MARKER);
        List<GroupRates> groups = report.groups();
        for (int i = 0; i < groups.size(); i++) {
            if (i == MAX_GROUPS) {
                // a stored message is bounded (Checks.MAX_DESCRIPTION); the rest is only counted
                b.append("; … ").append(groups.size() - MAX_GROUPS).append(" more group(s)");
                break;
            }
            GroupRates g = groups.get(i);
            b.append(i == 0 ? "" : "; ").append('\'').append(g.group().replace("'", "''")).append("' [rows=")
                    .append(g.count()).append(", positives=").append(g.actualPositives()).append(", selection_rate=")
                    .append(fmt(g.selectionRate().valueOrThrow()));
            g.truePositiveRate().valueIfDefined().ifPresent(v -> b.append(", true_positive_rate=").append(fmt(v)));
            g.falsePositiveRate().valueIfDefined().ifPresent(v -> b.append(", false_positive_rate=").append(fmt(v)));
            b.append(']');
        }
        return b.toString();
    }

    /** @return the groups of a message written with {@link #encode}; empty if it has none */
    public static List<Group> decode(String message) {
        int at = message.indexOf(MARKER);
        List<Group> out = new ArrayList<>();
        if (at < 0) {
            return out;
        }
        Matcher m = GROUP.matcher(message.substring(at + MARKER.length()));
        while (m.find()) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String part : m.group(2).split(", ")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    values.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
            out.add(new Group(m.group(1).replace("''", "'"), values));
        }
        return out;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }
}
