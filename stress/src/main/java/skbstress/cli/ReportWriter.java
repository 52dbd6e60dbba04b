package skbstress.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes a run's report folder: {@code summary.json}, {@code junit.xml} and {@code index.html}. */
final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {}

    static void write(Path dir, RunReport r) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve("summary.json").toFile(), r);
        Files.writeString(dir.resolve("junit.xml"), junit(r), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("index.html"), html(r), StandardCharsets.UTF_8);
    }

    static RunReport read(Path dir) throws IOException {
        Path f = dir.resolve("summary.json");
        if (!Files.isRegularFile(f)) {
            throw new IOException(dir + " holds no summary.json: not a skbstress report folder");
        }
        return JSON.readValue(f.toFile(), RunReport.class);
    }

    // ---------------------------------------------------------------- JUnit XML

    static String junit(RunReport r) {
        long failures = r.tests().stream().filter(t -> t.status().equals("FAIL")).count();
        long errors = r.tests().stream().filter(t -> t.status().equals("ERROR")).count();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append(String.format(Locale.ROOT, "<testsuite name=\"skbstress %s%s\" tests=\"%d\" failures=\"%d\" "
                        + "errors=\"%d\" skipped=\"0\" time=\"%.3f\" timestamp=\"%s\">%n", r.profile(),
                r.shard().equals("1/1") ? "" : " shard " + r.shard(), r.tests().size(), failures, errors, r.seconds(),
                xml(r.started())));
        for (RunReport.TestReport t : r.tests()) {
            x.append(String.format(Locale.ROOT, "  <testcase classname=\"skbstress.%s.%s\" name=\"%s\" time=\"%.3f\"",
                    t.kind().toLowerCase(Locale.ROOT), xml(t.area()), xml(t.id()), t.seconds()));
            if (t.passed()) {
                x.append("/>\n");
                continue;
            }
            String tag = t.status().equals("FAIL") ? "failure" : "error";
            x.append(">\n    <").append(tag).append(" message=\"").append(xml(t.summary())).append("\">")
                    .append(xml(t.details() + "\nreplay: " + t.replay())).append("</").append(tag).append(">\n")
                    .append("  </testcase>\n");
        }
        return x.append("</testsuite>\n").toString();
    }

    // ---------------------------------------------------------------- HTML

    static String html(RunReport r) {
        long passed = r.tests().stream().filter(RunReport.TestReport::passed).count();
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>skbstress ")
                .append(esc(r.profile())).append(" run: ").append(r.verdict()).append("</title>\n<style>\n").append(CSS)
                .append("</style></head><body>\n");
        h.append("<header><h1><span class=\"badge ").append(r.verdict().toLowerCase(Locale.ROOT)).append("\">")
                .append(r.verdict()).append("</span> skbstress ").append(esc(r.profile())).append(" run</h1>\n");
        h.append(String.format(Locale.ROOT, "<p class=\"meta\">%d of %d tests passed &middot; %s &middot; started %s"
                        + " &middot; budget %s &middot; shard %s &middot; seed %d</p>%n", passed, r.tests().size(),
                Budget.format(java.time.Duration.ofMillis((long) (r.seconds() * 1000))), esc(r.started()),
                esc(r.budget()), esc(r.shard()), r.seed()));
        h.append("<p class=\"meta\"><code>").append(esc(r.command())).append("</code></p></header>\n");
        h.append("<table class=\"summary\"><thead><tr><th>Result</th><th>Test</th><th>Area</th><th>Protects</th>"
                + "<th class=\"num\">Samples</th><th class=\"num\">Time</th><th>What was seen</th></tr></thead><tbody>\n");
        int k = 0;
        for (RunReport.TestReport t : r.tests()) {
            h.append("<tr class=\"").append(t.status().toLowerCase(Locale.ROOT)).append("\"><td><span class=\"badge ")
                    .append(t.status().toLowerCase(Locale.ROOT)).append("\">").append(t.status()).append("</span></td>")
                    .append("<td><a href=\"#t").append(k).append("\">").append(esc(t.id())).append("</a>")
                    .append(t.canary() ? " <span class=\"canary\">canary</span>" : "").append("</td><td>")
                    .append(esc(t.area())).append("</td><td class=\"ids\">").append(esc(String.join(" ", t.protects())))
                    .append("</td><td class=\"num\">").append(t.samples() == 0 ? "&mdash;"
                            : String.format(Locale.ROOT, "%,d %s", t.samples(), t.unit()))
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.1f s", t.seconds()))
                    .append("</td><td>").append(esc(t.summary())).append("</td></tr>\n");
            k++;
        }
        h.append("</tbody></table>\n");
        k = 0;
        for (RunReport.TestReport t : r.tests()) {
            h.append("<section id=\"t").append(k++).append("\" class=\"test ").append(t.status().toLowerCase(Locale.ROOT))
                    .append("\"><h2><span class=\"badge ").append(t.status().toLowerCase(Locale.ROOT)).append("\">")
                    .append(t.status()).append("</span> ").append(esc(t.id())).append("</h2>\n<p>").append(esc(t.summary()))
                    .append("</p>\n");
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
            if (t.link() != null && !t.link().isEmpty()) {
                h.append("<p><a href=\"").append(esc(t.link())).append("\">jcstress's own report for this test</a></p>\n");
            }
            if (t.details() != null && !t.details().isEmpty()) {
                h.append("<details").append(t.passed() ? "" : " open").append("><summary>")
                        .append(t.passed() ? "Details" : "What went wrong").append("</summary><pre>")
                        .append(esc(t.details())).append("</pre></details>\n");
            }
            if (t.replay() != null && !t.replay().isEmpty()) {
                h.append("<p class=\"replay\">Replay: <code>").append(esc(t.replay())).append("</code></p>\n");
            }
            h.append("</section>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px 32px;color:#1d2330;
                 background:#fbfbfd}
            h1{font-size:22px;margin:0 0 6px} h2{font-size:16px;margin:0 0 6px}
            .meta{color:#5b6478;margin:2px 0} code,pre{font:12.5px/1.4 ui-monospace,Menlo,Consolas,monospace}
            table{border-collapse:collapse;margin:12px 0;background:#fff}
            th,td{padding:5px 10px;border-bottom:1px solid #e6e8ee;text-align:left;vertical-align:top}
            th{background:#f1f3f8;font-weight:600} .num{text-align:right;white-space:nowrap}
            table.summary{width:100%} .ids{color:#5b6478;font-size:12px}
            .badge{display:inline-block;min-width:44px;text-align:center;border-radius:4px;padding:1px 6px;
                   font-weight:700;font-size:12px;color:#fff}
            .badge.pass{background:#2f8f4e} .badge.fail{background:#c62f36} .badge.error{background:#b5651d}
            tr.fail td,tr.error td{background:#fff4f4}
            .canary{font-size:11px;color:#7a4fb3;border:1px solid #c9b5e6;border-radius:3px;padding:0 4px}
            section.test{background:#fff;border:1px solid #e6e8ee;border-radius:6px;padding:12px 16px;margin:14px 0}
            section.test.fail,section.test.error{border-color:#e5a3a6}
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

    private static String xml(String s) {
        return esc(s).replaceAll("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]", "?");
    }
}
