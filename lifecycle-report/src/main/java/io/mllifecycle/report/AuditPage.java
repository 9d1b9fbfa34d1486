package io.mllifecycle.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mllifecycle.store.AuditEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders an audit trail with its chain status: verified up to event N, or the first bad event. */
final class AuditPage {
    private final List<AuditEvent> chain;
    private final ReportOptions options;

    AuditPage(List<AuditEvent> chain, ReportOptions options) {
        this.chain = chain;
        this.options = options;
    }

    Report render(String fileName) {
        String title = "Audit trail";
        ChainStatus status = ChainStatus.of(chain);
        List<AuditEvent> shown = shown(status);
        Html h = Page.start(title, chain.size() + " events", options);
        status.banner(h);
        h.element("p", "note", "Each event carries the SHA-256 hash of the one before it; changing, removing, "
                + "inserting or reordering any event breaks the chain from that event on.");
        if (chain.isEmpty()) {
            h.element("p", "note", "The trail is empty.");
        } else {
            if (shown.size() < chain.size()) {
                h.element("p", "note", "The latest " + options.maxRows() + " of " + chain.size() + " events are shown"
                        + (status.intact() ? "" : ", with the first bad one") + "; the JSON form holds the same rows.");
            }
            actionCounts(h);
            AuditRows.table(h, shown, status, options, "audit-table");
        }
        ObjectNode root = Json.object();
        root.put("kind", "audit-trail");
        root.put("title", title);
        chainJson(root.putObject("chain"), status);
        root.put("eventsShown", shown.size());
        ArrayNode events = root.putArray("events");
        shown.forEach(e -> eventJson(events.addObject(), e, status));
        return new Report("audit-trail", title, fileName, Page.end(h, "audit trail"), Json.write(root));
    }

    private List<AuditEvent> shown(ChainStatus status) {
        if (chain.size() <= options.maxRows()) {
            return chain;
        }
        List<AuditEvent> out = new ArrayList<>();
        int from = chain.size() - options.maxRows();
        if (!status.intact() && status.firstBad() - 1 < from) {
            out.add(chain.get((int) status.firstBad() - 1));
        }
        out.addAll(chain.subList(from, chain.size()));
        return out;
    }

    private void actionCounts(Html h) {
        Map<String, Integer> counts = new TreeMap<>();
        chain.forEach(e -> counts.merge(e.action(), 1, Integer::sum));
        h.raw("<details><summary>Events by action</summary><div class=\"wrap\"><table><thead><tr><th>Action</th>"
                + "<th>Events</th></tr></thead><tbody>");
        counts.forEach((a, n) -> h.raw("<tr>").td(a).tdNum(Integer.toString(n)).raw("</tr>"));
        h.raw("</tbody></table></div></details>");
    }

    static void chainJson(ObjectNode node, ChainStatus status) {
        node.put("intact", status.intact());
        node.put("events", status.events());
        node.put("verifiedUpTo", status.verifiedUpTo());
        if (status.intact()) {
            node.putNull("firstBad");
        } else {
            node.put("firstBad", status.firstBad());
        }
        node.put("problem", status.problem());
        node.put("status", status.sentence());
    }

    static void eventJson(ObjectNode n, AuditEvent e, ChainStatus status) {
        n.put("sequence", e.sequence());
        n.put("time", e.time().toString());
        n.put("actor", e.actor());
        n.put("action", e.action());
        n.put("subject", e.subject());
        Json.strings(n, "details", e.details());
        n.put("previousHash", e.previousHash());
        n.put("hash", e.hash());
        n.put("verified", status.verified(e.sequence()));
    }
}
