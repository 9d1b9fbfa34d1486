package io.mllifecycle.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Charts as inline SVG, drawn here so a report needs no script and no network. Every chart has a
 * visible title, axis labels with units, tick labels and a legend; it scales to the page width
 * (a {@code viewBox} and CSS {@code width: 100%}). Coordinates are rounded to one decimal so the
 * same data gives the same bytes and files stay small.
 */
final class Svg {
    static final int W = 640;
    static final int H = 250;
    private static final int LEFT = 58;
    private static final int RIGHT = 12;
    private static final int TOP = 42;
    private static final int BOTTOM = 48;
    private static final int MAX_LEGEND = 8;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** A named series; {@code x} is ignored by bar charts. */
    record Series(String name, double[] x, double[] y) {}

    /** A vertical event line on a line chart: kind is a CSS suffix (alert, retrain, stage). */
    record Marker(double x, String kind, String label) {}

    private Svg() {}

    /**
     * Grouped bars, one group per label and one bar per series.
     *
     * @param marked indices of labels drawn as special bins (MISSING, UNSEEN, other)
     */
    static void bars(Html h, String title, String xLabel, String yLabel, List<String> labels,
            List<Series> series, Set<Integer> marked) {
        double max = 0;
        for (Series s : series) {
            for (double v : s.y()) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        double[] ticks = ticks(0, max > 0 ? max : 1);
        double top = ticks[ticks.length - 1];
        open(h, title);
        legend(h, series);
        int n = Math.max(1, labels.size());
        double plotW = W - LEFT - RIGHT;
        double group = plotW / n;
        double bar = Math.max(0.5, group * 0.8 / Math.max(1, series.size()));
        for (int i : marked) {
            if (i >= 0 && i < labels.size()) {
                h.raw("<rect class=\"band\" x=\"" + f(LEFT + i * group) + "\" y=\"" + TOP + "\" width=\""
                        + f(group) + "\" height=\"" + (H - TOP - BOTTOM) + "\"/>");
            }
        }
        yAxis(h, ticks, 0, top, v -> Html.num(v));
        for (int k = 0; k < series.size(); k++) {
            StringBuilder d = new StringBuilder();
            double[] y = series.get(k).y();
            for (int i = 0; i < Math.min(y.length, labels.size()); i++) {
                if (!(y[i] > 0)) {
                    continue;
                }
                double x0 = LEFT + i * group + group * 0.1 + k * bar;
                double y0 = sy(y[i], 0, top);
                d.append('M').append(f(x0)).append(' ').append(f(y0)).append('h').append(f(bar))
                        .append('V').append(H - BOTTOM).append('h').append(f(-bar)).append('z');
            }
            if (d.length() > 0) {
                h.raw("<path class=\"b" + k + "\" d=\"" + d + "\"/>");
            }
        }
        int every = Math.max(1, (int) Math.ceil(labels.size() / 16.0));
        int longest = 0;
        for (String l : labels) {
            longest = Math.max(longest, Math.min(14, l.codePointCount(0, l.length())));
        }
        boolean rotate = longest * 6.2 > group * every - 4;
        for (int i = 0; i < labels.size(); i += every) {
            double x = LEFT + (i + 0.5) * group;
            String label = shorten(labels.get(i), rotate ? 10 : 14);
            String cls = marked.contains(i) ? "tk mk" : "tk";
            if (rotate) {
                h.raw("<text class=\"" + cls + " ty\" transform=\"translate(" + f(x) + "," + (H - BOTTOM + 10)
                        + ") rotate(-30)\">").text(label).raw("</text>");
            } else {
                h.raw("<text class=\"" + cls + " tx\" x=\"" + f(x) + "\" y=\"" + (H - BOTTOM + 14) + "\">").text(label)
                        .raw("</text>");
            }
        }
        axisLabels(h, xLabel, yLabel);
        h.raw("</svg>");
    }

    /**
     * Lines over a numeric or time x axis.
     *
     * @param steps draw as a right-continuous step function (ECDF)
     * @param time  x values are epoch seconds, labelled as UTC times
     */
    static void lines(Html h, String title, String xLabel, String yLabel, List<Series> series, boolean steps,
            boolean time, List<Marker> markers) {
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.y().length; i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                    xmin = Math.min(xmin, s.x()[i]);
                    xmax = Math.max(xmax, s.x()[i]);
                    ymin = Math.min(ymin, s.y()[i]);
                    ymax = Math.max(ymax, s.y()[i]);
                }
            }
        }
        for (Marker m : markers) {
            xmin = Math.min(xmin, m.x());
            xmax = Math.max(xmax, m.x());
        }
        if (!(xmin <= xmax)) {
            xmin = 0;
            xmax = 1;
        }
        if (!(ymin <= ymax)) {
            ymin = 0;
            ymax = 1;
        }
        if (xmin == xmax) {
            xmin -= 1;
            xmax += 1;
        }
        if (ymin == ymax) {
            double pad = ymin == 0 ? 1 : Math.abs(ymin) * 0.1;
            ymin -= pad;
            ymax += pad;
        }
        double[] yt = ticks(ymin, ymax);
        double[] xt = time ? timeTicks(xmin, xmax) : ticks(xmin, xmax);
        double y0 = Math.min(ymin, yt[0]);
        double y1 = Math.max(ymax, yt[yt.length - 1]);
        double x0 = time ? xmin : Math.min(xmin, xt[0]);
        double x1 = time ? xmax : Math.max(xmax, xt[xt.length - 1]);
        open(h, title);
        legend(h, series);
        yAxis(h, yt, y0, y1, v -> Html.num(v));
        StringBuilder grid = new StringBuilder();
        for (double t : xt) {
            if (t >= x0 && t <= x1) {
                grid.append('M').append(f(sx(t, x0, x1))).append(' ').append(TOP).append('V').append(H - BOTTOM);
            }
        }
        h.raw("<path class=\"g\" d=\"" + grid + "\"/>");
        double lastEnd = Double.NEGATIVE_INFINITY;
        for (double t : xt) {
            if (t < x0 || t > x1) {
                continue;
            }
            String label = time ? TIME.format(Instant.ofEpochSecond((long) t)) : Html.num(t);
            double x = sx(t, x0, x1);
            // labels at the ends are anchored inside the chart, so they are not cut off
            String anchor = x > W - RIGHT - 3.2 * label.length() ? "ty" : x < LEFT + 3.2 * label.length() ? "ts" : "tx";
            // a label that would run into the one before it is left out (its grid line stays): with the end
            // labels anchored inwards, a tick just inside an end would otherwise overlap its neighbour
            double width = 5.6 * label.length();
            double start = anchor.equals("ts") ? x : anchor.equals("ty") ? x - width : x - width / 2;
            if (start < lastEnd + 4) {
                continue;
            }
            lastEnd = start + width;
            h.raw("<text class=\"tk " + anchor + "\" x=\"" + f(x) + "\" y=\"" + (H - BOTTOM + 14) + "\">")
                    .text(label).raw("</text>");
        }
        for (Marker m : markers) {
            double x = sx(m.x(), x0, x1);
            h.raw("<path class=\"m-" + m.kind() + "\" d=\"M" + f(x) + " " + TOP + "V" + (H - BOTTOM) + "\"><title>")
                    .text(m.label()).raw("</title></path>");
        }
        for (int k = 0; k < Math.min(series.size(), MAX_LEGEND); k++) {
            Series s = series.get(k);
            StringBuilder d = new StringBuilder();
            double lastY = Double.NaN;
            int points = 0;
            for (int i = 0; i < s.y().length; i++) {
                if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) {
                    continue;
                }
                String px = f(sx(s.x()[i], x0, x1));
                String py = f(sy(s.y()[i], y0, y1));
                if (points == 0 && steps) {
                    // a step function (ECDF) rises from 0 at the left edge
                    d.append('M').append(LEFT).append(' ').append(f(sy(Math.max(0, y0), y0, y1))).append('H').append(px)
                            .append('V').append(py);
                } else if (points == 0) {
                    d.append('M').append(px).append(' ').append(py);
                } else if (steps) {
                    d.append('H').append(px);
                    if (s.y()[i] != lastY) {
                        d.append('V').append(py);
                    }
                } else {
                    d.append('L').append(px).append(' ').append(py);
                }
                lastY = s.y()[i];
                points++;
            }
            if (points == 1 && !steps) {
                String[] start = d.substring(1).split(" ");
                h.raw("<circle class=\"p" + k + "\" cx=\"" + start[0] + "\" cy=\"" + start[1] + "\" r=\"3\"/>");
            } else if (points > 1 || steps && points == 1) {
                if (steps && Double.isFinite(lastY)) {
                    d.append('H').append(W - RIGHT);
                }
                h.raw("<path class=\"l" + k + "\" d=\"" + d + "\"/>");
            }
        }
        axisLabels(h, xLabel, yLabel);
        h.raw("</svg>");
    }

    /** A tiny pair of histograms for a table cell: reference above, current below. */
    static void spark(Html h, String name, double[] reference, double[] current) {
        int n = Math.max(1, Math.max(reference.length, current.length));
        double max = 0;
        for (double v : reference) {
            max = Math.max(max, v);
        }
        for (double v : current) {
            max = Math.max(max, v);
        }
        double w = 96.0 / n;
        h.raw("<svg class=\"spark\" viewBox=\"0 0 100 34\" role=\"img\"><title>")
                .text(name + ": reference above, current below").raw("</title>");
        sparkRow(h, reference, max, w, 1, "b0");
        sparkRow(h, current, max, w, 18, "b1");
        h.raw("</svg>");
    }

    private static void sparkRow(Html h, double[] values, double max, double w, int y, String cls) {
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            long height = max > 0 ? Math.round(15 * values[i] / max) : 0;
            if (values[i] > 0) {
                // whole units are enough at 100 x 34; a non-empty bin keeps at least one unit
                height = Math.max(1, height);
                long x0 = Math.round(2 + i * w);
                long x1 = Math.max(x0 + 1, Math.round(2 + (i + 0.85) * w));
                d.append('M').append(x0).append(' ').append(y + 15 - height).append('h').append(x1 - x0)
                        .append('v').append(height).append('h').append(x0 - x1).append('z');
            }
        }
        if (d.length() > 0) {
            h.raw("<path class=\"" + cls + "\" d=\"" + d + "\"/>");
        }
    }

    private static void open(Html h, String title) {
        // the visible title is the chart's accessible name; no duplicate <title>
        h.raw("<svg class=\"chart\" viewBox=\"0 0 " + W + " " + H + "\"><text class=\"t\" x=\"" + LEFT
                + "\" y=\"16\">").text(title).raw("</text>");
    }

    private static void legend(Html h, List<Series> series) {
        if (series.size() < 2) {
            return;
        }
        double x = LEFT;
        int shown = Math.min(series.size(), MAX_LEGEND);
        for (int k = 0; k < shown; k++) {
            String name = shorten(series.get(k).name(), 18);
            h.raw("<rect class=\"b" + k + "\" x=\"" + f(x) + "\" y=\"24\" width=\"10\" height=\"8\"/>"
                    + "<text class=\"lg\" x=\"" + f(x + 13) + "\" y=\"32\">").text(name).raw("</text>");
            x += 24 + 6.4 * name.codePointCount(0, name.length());
            if (x > W - 80) {
                break;
            }
        }
        if (series.size() > shown) {
            h.raw("<text class=\"lg ty\" x=\"" + f(W - RIGHT) + "\" y=\"32\">")
                    .text("+" + (series.size() - shown) + " more in the table").raw("</text>");
        }
    }

    private interface Label {
        String of(double v);
    }

    private static void yAxis(Html h, double[] ticks, double y0, double y1, Label label) {
        StringBuilder grid = new StringBuilder();
        for (double t : ticks) {
            grid.append('M').append(LEFT).append(' ').append(f(sy(t, y0, y1))).append('H').append(W - RIGHT);
        }
        h.raw("<path class=\"g\" d=\"" + grid + "\"/>");
        for (double t : ticks) {
            h.raw("<text class=\"tk ty\" x=\"" + (LEFT - 4) + "\" y=\"" + f(sy(t, y0, y1) + 3) + "\">").text(label.of(t))
                    .raw("</text>");
        }
        h.raw("<path class=\"ax\" d=\"M" + LEFT + " " + TOP + "V" + (H - BOTTOM) + "H" + (W - RIGHT) + "\"/>");
    }

    private static void axisLabels(Html h, String xLabel, String yLabel) {
        h.raw("<text class=\"al tx\" x=\"" + (LEFT + (W - LEFT - RIGHT) / 2) + "\" y=\""
                + (H - 4) + "\">").text(xLabel).raw("</text>");
        int cy = TOP + (H - TOP - BOTTOM) / 2;
        h.raw("<text class=\"al tx\" transform=\"translate(12," + cy + ") rotate(-90)\">")
                .text(yLabel).raw("</text>");
    }

    private static double sx(double v, double x0, double x1) {
        return LEFT + (v - x0) / (x1 - x0) * (W - LEFT - RIGHT);
    }

    private static double sy(double v, double y0, double y1) {
        return H - BOTTOM - (v - y0) / (y1 - y0) * (H - TOP - BOTTOM);
    }

    /** Round numbers from lo to hi covering both, at most 7: steps of 1, 2 or 5 times a power of ten. */
    static double[] ticks(double lo, double hi) {
        double raw = (hi - lo) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = 10 * mag;
        for (double m : new double[] {1, 2, 5}) {
            if (m * mag >= raw * (1 - 1e-9)) {
                step = m * mag;
                break;
            }
        }
        double first = Math.floor(lo / step + 1e-9) * step;
        double last = Math.ceil(hi / step - 1e-9) * step;
        int n = (int) Math.round((last - first) / step) + 1;
        double[] out = new double[Math.max(2, Math.min(n, 12))];
        for (int i = 0; i < out.length; i++) {
            double v = first + i * step;
            out[i] = Math.abs(v) < step * 1e-9 ? 0 : v;
        }
        return out;
    }

    private static double[] timeTicks(double lo, double hi) {
        long[] steps = {60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 7 * 86_400, 30 * 86_400};
        long step = steps[steps.length - 1];
        for (long s : steps) {
            if ((hi - lo) / s <= 8) {
                step = s;
                break;
            }
        }
        double first = Math.ceil(lo / step) * step;
        int n = (int) Math.floor((hi - first) / step) + 1;
        double[] out = new double[Math.max(1, Math.min(n, 12))];
        for (int i = 0; i < out.length; i++) {
            out[i] = first + i * step;
        }
        return out;
    }

    static String shorten(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }

    /** A coordinate with at most one decimal. */
    static String f(double v) {
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : (tenths < 0 && tenths > -10 ? "-" : "")
                + (tenths / 10) + "." + Math.abs(tenths % 10);
    }
}
