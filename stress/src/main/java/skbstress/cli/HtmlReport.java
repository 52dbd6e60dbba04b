package skbstress.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's {@code index.html}: a header with the verdict, the time against the budget and what
 * reproduces the run; a hang, if one ended it; the table of tests; then per test its outcome histogram,
 * its samples per JVM configuration, what went wrong, the leak report and the replay command.
 */
final class HtmlReport {
    private HtmlReport() {}

    static String html(RunReport r) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>skbstress ")
                .append(esc(r.profile())).append(" run: ").append(r.verdict()).append("</title>\n<style>\n").append(CSS)
                .append("</style></head><body>\n");
        header(h, r);
        if (r.hang() != null) {
            RunReport.Hang g = r.hang();
            h.append("<section id=\"hang\" class=\"test hung\"><h2><span class=\"badge hung\">HUNG</span> ")
                    .append(esc(g.test())).append("</h2>\n<p>").append(esc(g.why())).append(", while <code>")
                    .append(esc(g.doing())).append("</code>. The run stopped here: a thread that spins cannot be "
                            + "stopped.</p>\n<details open><summary>Every thread's stack</summary><pre>")
                    .append(esc(g.threadDump())).append("</pre></details></section>\n");
        }
        table(h, r);
        int k = 0;
        for (RunReport.TestReport t : r.tests()) {
            section(h, t, k++);
        }
        return h.append("</body></html>\n").toString();
    }

    private static void header(StringBuilder h, RunReport r) {
        long passed = r.tests().stream().filter(RunReport.TestReport::passed).count();
        long canaries = r.tests().stream().filter(RunReport.TestReport::canary).count();
        long caught = r.tests().stream().filter(t -> t.status().equals("CAUGHT")).count();
        h.append("<header><h1><span class=\"badge ").append(r.verdict().toLowerCase(Locale.ROOT)).append("\">")
                .append(r.verdict()).append("</span> skbstress ").append(esc(r.profile())).append(" run of ")
                .append(esc(r.subject())).append("</h1>\n");
        h.append(String.format(Locale.ROOT, "<p class=\"meta\">%d of %d tests passed%s &middot; started %s &middot; "
                        + "shard %s &middot; seed %d</p>%n", passed, r.tests().size(),
                canaries == 0 ? "" : String.format(Locale.ROOT, " (%d of %d canaries caught)", caught, canaries),
                esc(r.started()), esc(r.shard()), r.seed()));
        h.append("<p class=\"meta").append(r.overBudgetSeconds() > 0 ? " over" : "").append("\">")
                .append(esc(Summary.timeLine(r))).append("</p>\n");
        h.append("<p class=\"meta\"><code>").append(esc(r.command())).append("</code></p>\n");
        if (r.environment() != null) {
            h.append("<table class=\"env\"><tbody>\n");
            for (Map.Entry<String, String> e : r.environment().describe().entrySet()) {
                h.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(esc(e.getValue()))
                        .append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
        }
        if (!r.notApplicable().isEmpty()) {
            h.append("<details><summary>").append(r.notApplicable().size()).append(" tests do not apply to ")
                    .append(esc(r.subject())).append("</summary><table class=\"env\"><tbody>\n");
            for (RunReport.NotApplicable n : r.notApplicable()) {
                h.append("<tr><th>").append(esc(n.id())).append("</th><td>").append(esc(n.why())).append("</td></tr>\n");
            }
            h.append("</tbody></table></details>\n");
        }
        h.append("</header>\n");
    }

    private static void table(StringBuilder h, RunReport r) {
        h.append("<table class=\"summary\"><thead><tr><th>Result</th><th>Test</th><th>Area</th><th>Protects</th>"
                + "<th class=\"num\">Samples</th><th class=\"num\">Time</th><th>What was seen</th></tr></thead>"
                + "<tbody>\n");
        int k = 0;
        for (RunReport.TestReport t : r.tests()) {
            String s = t.status().toLowerCase(Locale.ROOT);
            h.append("<tr class=\"").append(s).append("\"><td><span class=\"badge ").append(s).append("\">")
                    .append(t.status()).append("</span></td><td><a href=\"#t").append(k++).append("\">")
                    .append(esc(t.id())).append("</a>")
                    .append(t.canary() ? " <span class=\"canary\">canary</span>" : "")
                    .append("</td><td>").append(esc(t.area())).append("</td><td class=\"ids\">")
                    .append(esc(String.join(" ", t.protects()))).append("</td><td class=\"num\">")
                    .append(t.samples() == 0 ? "&mdash;" : String.format(Locale.ROOT, "%,d %s", t.samples(), t.unit()))
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.1f s", t.seconds()))
                    .append("</td><td>").append(esc(t.summary())).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static void section(StringBuilder h, RunReport.TestReport t, int k) {
        String s = t.status().toLowerCase(Locale.ROOT);
        h.append("<section id=\"t").append(k).append("\" class=\"test ").append(s).append("\"><h2><span class=\"badge ")
                .append(s).append("\">").append(t.status()).append("</span> ").append(esc(t.id())).append("</h2>\n<p>")
                .append(esc(t.summary())).append("</p>\n");
        if (!t.histogram().isEmpty()) {
            long max = t.histogram().stream().mapToLong(RunReport.Bar::samples).max().orElse(1);
            h.append("<table class=\"hist\"><thead><tr><th>Outcome</th><th class=\"num\">Samples</th><th></th>"
                    + "<th>Expect</th><th>Meaning</th></tr></thead><tbody>\n");
            for (RunReport.Bar b : t.histogram()) {
                double w = max == 0 ? 0 : 100.0 * b.samples() / max;
                h.append("<tr class=\"").append(esc(b.expect().toLowerCase(Locale.ROOT))).append("\"><td><code>")
                        .append(esc(b.outcome())).append("</code></td><td class=\"num\">")
                        .append(String.format(Locale.ROOT, "%,d", b.samples())).append("</td><td class=\"barcell\">"
                                + "<div class=\"bar\" style=\"width:").append(String.format(Locale.ROOT, "%.1f", w))
                        .append("%\"></div></td><td>").append(esc(b.expect())).append("</td><td>")
                        .append(esc(b.description())).append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
        }
        if (!t.configurations().isEmpty()) {
            h.append("<details><summary>Samples per JVM configuration (").append(t.configurations().size())
                    .append(")</summary><table class=\"configs\"><thead><tr><th>JVM configuration</th>"
                            + "<th>Compile mode</th><th class=\"num\">Samples</th><th class=\"num\">Forbidden</th>"
                            + "<th>Status</th></tr></thead><tbody>\n");
            for (RunReport.Configuration c : t.configurations()) {
                h.append("<tr class=\"").append(c.status().equals("OK") ? "ok" : "fail").append("\"><td><code>")
                        .append(esc(c.jvmArgs())).append("</code></td><td>").append(esc(c.compileMode()))
                        .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%,d", c.samples()))
                        .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%,d", c.forbidden()))
                        .append("</td><td>").append(esc(c.status())).append("</td></tr>\n");
            }
            h.append("</tbody></table></details>\n");
        }
        if (t.link() != null && !t.link().isEmpty()) {
            h.append("<p><a href=\"").append(esc(t.link())).append("\">jcstress's own report for this test</a></p>\n");
        }
        if (t.details() != null && !t.details().isEmpty()) {
            boolean bad = !t.passed() && !t.status().equals("SKIPPED");
            h.append("<details").append(bad ? " open" : "").append("><summary>")
                    .append(bad ? "What went wrong" : "Details").append("</summary><pre>")
                    .append(esc(t.details())).append("</pre></details>\n");
        }
        if (t.leakReport() != null) {
            // collapsed: the failure's own words above say what went wrong; this says which objects and where
            h.append("<details class=\"leaks\"><summary>Leak report (").append(esc(leakHeadline(t.leakReport())))
                    .append(")</summary><pre>").append(esc(LeakReports.text(t.leakReport()))).append("</pre></details>\n");
        }
        if (t.replay() != null && !t.replay().isEmpty()) {
            h.append("<p class=\"replay\">Replay: <code>").append(esc(t.replay())).append("</code></p>\n");
        }
        h.append("</section>\n");
    }

    /** "3 objects still live, 1 misuse, leak detection paranoid": what the collapsed report holds. */
    static String leakHeadline(JsonNode r) {
        int leaks = r.path("leaks").size();
        int misuses = r.path("misuses").size();
        int problems = r.path("problems").size();
        List<String> parts = new ArrayList<>();
        if (leaks > 0) {
            parts.add(leaks + (leaks == 1 ? " object" : " objects") + " still live");
        }
        if (misuses > 0) {
            parts.add(misuses + (misuses == 1 ? " misuse" : " misuses"));
        }
        if (problems > 0 && leaks == 0 && misuses == 0) {
            parts.add(problems + (problems == 1 ? " problem" : " problems"));
        }
        parts.add("leak detection " + r.path("level").asText("?"));
        return String.join(", ", parts);
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px 32px;color:#1d2330;
                 background:#fbfbfd}
            h1{font-size:22px;margin:0 0 6px} h2{font-size:16px;margin:0 0 6px}
            .meta{color:#5b6478;margin:2px 0} .meta.over{color:#b5651d;font-weight:600}
            code,pre{font:12.5px/1.4 ui-monospace,Menlo,Consolas,monospace}
            table{border-collapse:collapse;margin:12px 0;background:#fff}
            th,td{padding:5px 10px;border-bottom:1px solid #e6e8ee;text-align:left;vertical-align:top}
            th{background:#f1f3f8;font-weight:600} .num{text-align:right;white-space:nowrap}
            table.summary{width:100%} .ids{color:#5b6478;font-size:12px}
            table.env th{background:none;color:#5b6478;font-weight:500} table.env td,table.env th{padding:1px 10px}
            .badge{display:inline-block;min-width:44px;text-align:center;border-radius:4px;padding:1px 6px;
                   font-weight:700;font-size:12px;color:#fff}
            .badge.pass{background:#2f8f4e} .badge.caught{background:#2f7f8f} .badge.fail{background:#c62f36}
            .badge.missed{background:#c62f36} .badge.hung{background:#8f2fa0} .badge.error{background:#b5651d}
            .badge.skipped{background:#8a90a0}
            tr.fail td,tr.error td,tr.missed td,tr.hung td{background:#fff4f4}
            .canary{font-size:11px;color:#7a4fb3;border:1px solid #c9b5e6;border-radius:3px;padding:0 4px}
            section.test{background:#fff;border:1px solid #e6e8ee;border-radius:6px;padding:12px 16px;margin:14px 0}
            section.test.fail,section.test.error,section.test.missed,section.test.hung{border-color:#e5a3a6}
            .barcell{width:260px} .bar{height:12px;background:#4a78c2;border-radius:2px;min-width:1px}
            tr.forbidden .bar{background:#c62f36} tr.interesting .bar{background:#d39b22}
            tr.forbidden td{background:#fff4f4}
            pre{background:#f6f7fa;border:1px solid #e6e8ee;padding:10px;overflow:auto;max-height:480px}
            .replay code{background:#f1f3f8;padding:2px 5px;border-radius:3px}
            """;

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
