package io.mllifecycle.report;

import io.mllifecycle.store.AuditEvent;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rows of an audit table, shared by the audit trail and the model card's excerpt. */
final class AuditRows {
    private static final Pattern VERSION_SUBJECT = Pattern.compile("(.+)/(\\d{1,9})");

    private AuditRows() {}

    static void table(Html h, List<AuditEvent> events, ChainStatus chain, ReportOptions options, String id) {
        h.raw("<div class=\"wrap\"><table id=\"" + id + "\"><thead><tr><th>#</th><th>Time</th><th>Actor</th><th>Action</th>"
                + "<th>Subject</th><th>Details</th><th>Hash</th><th>Chain</th></tr></thead><tbody>");
        for (AuditEvent e : events) {
            boolean ok = chain.verified(e.sequence());
            boolean bad = e.sequence() == chain.firstBad();
            h.raw(bad ? "<tr class=\"broken\">" : "<tr>").tdNum(Long.toString(e.sequence())).td(e.time().toString())
                    .td(e.actor()).td(e.action()).raw("<td>");
            Matcher m = VERSION_SUBJECT.matcher(e.subject());
            String href = m.matches() ? options.links().modelVersion(m.group(1), Integer.parseInt(m.group(2))).orElse(null)
                    : null;
            h.link(href, e.subject()).raw("</td><td class=\"details\">");
            new TreeMap<>(e.details()).forEach((k, v) -> h.raw("<div>").userText(k).raw(" = ").userText(v).raw("</div>"));
            h.raw("</td><td class=\"mono\">").text(RunComparisonPage.shortDigest(e.hash())).raw("</td>");
            h.raw(ok ? "<td class=\"ok\">✓ verified</td>" : bad ? "<td class=\"bad\">✗ first bad event</td>"
                    : "<td class=\"warn\">not verified</td>");
            h.raw("</tr>");
        }
        h.raw("</tbody></table></div>");
    }
}
