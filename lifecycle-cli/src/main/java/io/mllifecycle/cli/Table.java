package io.mllifecycle.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A terminal table whose cells are cut to a width, with an ellipsis. */
final class Table {
    static final int MAX_CELL = 40;

    private Table() {
    }

    static String cut(String cell, int width) {
        String s = cell == null ? "" : cell.replace('\n', ' ');
        return s.length() <= width ? s : s.substring(0, Math.max(0, width - 1)) + "…";
    }

    static void print(PrintWriter out, List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], cut(row.get(i), MAX_CELL).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String c = cut(row.get(i), MAX_CELL);
                line.append(c);
                if (i < widths.length - 1) {
                    line.append(" ".repeat(widths[i] - c.length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
