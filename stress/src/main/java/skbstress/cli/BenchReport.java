package skbstress.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The benchmark report's {@code index.html}: a summary of ours against the best peer per path, then per path a bar
 * chart of ns/op with error bars for every subject that ran, a table with the bytes per operation, and the
 * subjects left out with why; then the thread-scaling chart. It says in words when ours is slower (a ratio under
 * 1) and when a score's error is above 10% of it, so that nobody has to read that off a chart.
 */
final class BenchReport {
    private BenchReport() {}

    /**
     * What the run was, for the header and {@code environment.json}. {@code planned}: ids of the entries asked for
     * ({@link BenchCatalog.Entry#id()}); an entry not planned was filtered out, a planned one without a result
     * failed.
     */
    record Run(String command, String profile, String settings, List<Integer> threads, int cpus, String started,
               double seconds, String jmhVersion, String nettyVersion, Environment environment, Set<String> planned) {}

    static String html(Run run, BenchResults results) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>skbstress benchmarks, ")
                .append(HtmlReport.esc(run.profile())).append(" profile</title>\n<style>\n").append(CSS)
                .append("</style></head><body>\n");
        header(h, run);
        summary(h, run, results);
        for (BenchCatalog.Path p : BenchCatalog.PATHS) {
            path(h, run, results, p);
        }
        scaling(h, run, results);
        h.append("<footer><p class=\"meta\">Files beside this page: <code>jmh-result.json</code> (JMH's own JSON; "
                + "<code>jmh-result-threads-N.json</code> for the scaling runs) and <code>environment.json</code> "
                + "(this header's facts).</p></footer>\n");
        return h.append("</body></html>\n").toString();
    }

    private static void header(StringBuilder h, Run run) {
        h.append("<header><h1>skbstress benchmarks: ").append(HtmlReport.esc(run.profile())).append(" profile</h1>\n");
        h.append("<p class=\"meta\">started ").append(HtmlReport.esc(run.started())).append(" &middot; ")
                .append(HtmlReport.esc(Budget.format(java.time.Duration.ofSeconds(Math.round(run.seconds())))))
                .append(" &middot; ").append(HtmlReport.esc(run.settings())).append(" &middot; threads ")
                .append(HtmlReport.esc(String.join(", ", run.threads().stream().map(String::valueOf).toList())))
                .append(" (").append(run.cpus()).append(" CPUs)</p>\n");
        h.append("<p class=\"meta\"><code>").append(HtmlReport.esc(run.command())).append("</code></p>\n");
        h.append("<table class=\"env\"><tbody>\n");
        if (run.environment() != null) {
            for (Map.Entry<String, String> e : run.environment().describe().entrySet()) {
                if (!e.getKey().equals("jcstress") && !e.getKey().equals("lincheck") && !e.getKey().equals("diagnostics")) {
                    row(h, e.getKey(), e.getValue());
                }
            }
        }
        row(h, "jmh", run.jmhVersion());
        row(h, "netty", run.nettyVersion());
        h.append("</tbody></table>\n<p class=\"how\">ns/op: JMH's average time per operation on each thread (lower "
                + "is better); the whisker and &plusmn; are JMH's 99.9% confidence interval. Ratio: the best peer's "
                + "time divided by ours, so above 1 means ours is faster. B/op: bytes allocated per operation "
                + "(JMH's gc profiler, gc.alloc.rate.norm).</p>\n</header>\n");
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(HtmlReport.esc(k)).append("</th><td>").append(HtmlReport.esc(v))
                .append("</td></tr>\n");
    }

    private static void summary(StringBuilder h, Run run, BenchResults r) {
        h.append("<h2>Ours against the best peer</h2>\n<table class=\"summary\"><thead><tr><th>Path</th>"
                + "<th class=\"num\">Ours ns/op</th><th>Best peer</th><th class=\"num\">Its ns/op</th>"
                + "<th class=\"num\">Ratio</th><th class=\"num\">Ours B/op</th><th>Verdict</th></tr></thead><tbody>\n");
        for (BenchCatalog.Path p : BenchCatalog.PATHS) {
            Optional<BenchResults.Comparison> c = r.compare(p, run.planned());
            h.append("<tr><td><a href=\"#").append(p.id()).append("\">").append(HtmlReport.esc(p.title()))
                    .append("</a></td>");
            if (c.isEmpty()) {
                h.append("<td colspan=\"6\" class=\"missing\">no comparison: ours or every peer has no usable result "
                        + "here (see the path)</td></tr>\n");
                continue;
            }
            BenchResults.Comparison k = c.get();
            h.append("<td class=\"num\">").append(timeWithError(k.oursScore())).append("</td><td>")
                    .append(HtmlReport.esc(k.peer().subject().label())).append("</td><td class=\"num\">")
                    .append(timeWithError(k.peerScore())).append("</td><td class=\"num ")
                    .append(k.oursSlower() ? "slower" : "faster").append("\">").append(ratio(k.ratio()))
                    .append("</td><td class=\"num\">").append(bytes(k.oursScore().bytesPerOp())).append("</td><td>")
                    .append(HtmlReport.esc(verdict(k))).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    /** The comparison in words: which side is faster, and whether the figure can be trusted. */
    static String verdict(BenchResults.Comparison k) {
        String v = k.oursSlower() ? "ours is slower than " + k.peer().subject().label() + " (ratio under 1)"
                : "ours is faster than " + k.peer().subject().label();
        if (k.oursScore().noisy() || k.peerScore().noisy()) {
            v += "; uncertain: an error above 10% of its score";
        } else if (k.overlap()) {
            v += "; uncertain: the two error intervals overlap";
        }
        if (k.missingPeers() > 0) {
            v += "; the best of the peers with a result: " + k.missingPeers() + " planned "
                    + (k.missingPeers() == 1 ? "peer has" : "peers have") + " none";
        }
        return v;
    }

    private static void path(StringBuilder h, Run run, BenchResults r, BenchCatalog.Path p) {
        h.append("<section id=\"").append(p.id()).append("\" class=\"path\"><h2>").append(HtmlReport.esc(p.title()))
                .append("</h2>\n<p>").append(HtmlReport.esc(p.what())).append("</p>\n");
        Optional<BenchResults.Comparison> c = r.compare(p, run.planned());
        c.ifPresent(k -> h.append("<p class=\"ratio ").append(k.oursSlower() ? "slower" : "faster").append("\">")
                .append(ratio(k.ratio())).append(": ").append(HtmlReport.esc(verdict(k))).append(".</p>\n"));
        List<BenchSvg.Bar> bars = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        StringBuilder t = new StringBuilder("<table class=\"scores\"><thead><tr><th>Subject</th>"
                + "<th class=\"num\">ns/op</th><th class=\"num\">&plusmn; error</th><th class=\"num\">error</th>"
                + "<th class=\"num\">B/op</th><th class=\"num\">its time / ours</th><th>JMH benchmark</th></tr>"
                + "</thead><tbody>\n");
        Optional<BenchResults.Score> ours = p.entries().stream().filter(e -> e.subject().kind() == BenchCatalog.Kind.OURS)
                .findFirst().flatMap(e -> r.single(e.benchmark())).filter(BenchResults.Score::usable);
        for (BenchCatalog.Entry e : p.entries()) {
            Optional<BenchResults.Score> s = r.single(e.benchmark());
            if (s.isEmpty()) {
                notes.add(e.subject().label() + ": " + (run.planned().contains(e.id())
                        ? "no result (the benchmark failed: JMH's output says why)" : "not run (left out by --filter)"));
                continue;
            }
            BenchResults.Score x = s.get();
            String css = e.subject().kind().name().toLowerCase(Locale.ROOT);
            bars.add(new BenchSvg.Bar(e.subject().label(), x.score(), x.error(), css, timeWithError(x), flag(x),
                    e.subject().kind() != BenchCatalog.Kind.BASELINE));
            if (x.noisy()) {
                notes.add(e.subject().label() + ": " + noiseSentence(x));
            }
            t.append("<tr class=\"").append(css).append("\"><td>").append(HtmlReport.esc(e.subject().label()))
                    .append("</td><td class=\"num\">").append(num(x.score())).append("</td><td class=\"num\">")
                    .append(num(x.error())).append("</td><td class=\"num").append(x.noisy() ? " noisy" : "")
                    .append("\">").append(share(x)).append("</td><td class=\"num\">").append(bytes(x.bytesPerOp()))
                    .append("</td><td class=\"num\">").append(ours.isEmpty() || !x.usable()
                            || e.subject().kind() == BenchCatalog.Kind.OURS ? "&mdash;" : ratio(x.score() / ours.get().score())).append("</td><td><code>")
                    .append(HtmlReport.esc(e.method())).append("</code></td></tr>\n");
        }
        if (!bars.isEmpty()) {
            h.append(BenchSvg.hbars(bars, "ns/op (lower is better)"));
            h.append(t).append("</tbody></table>\n");
        }
        for (Map.Entry<BenchCatalog.Subject, String> n : p.notApplicable().entrySet()) {
            notes.add(n.getKey().label() + ": left out, " + n.getValue());
        }
        notes(h, notes);
        h.append("</section>\n");
    }

    private static void notes(StringBuilder h, List<String> notes) {
        if (!notes.isEmpty()) {
            h.append("<ul class=\"notes\">\n");
            notes.forEach(n -> h.append("<li>").append(HtmlReport.esc(n)).append("</li>\n"));
            h.append("</ul>\n");
        }
    }

    private static void scaling(StringBuilder h, Run run, BenchResults r) {
        BenchCatalog.Path p = BenchCatalog.SCALING;
        h.append("<section id=\"scaling\" class=\"path\"><h2>").append(HtmlReport.esc(p.title())).append("</h2>\n<p>")
                .append(HtmlReport.esc(p.what())).append(" Ideal scaling: N threads give N times one thread's total.</p>\n");
        List<Integer> counts = run.threads(); // the planned counts: one that gave nothing is named below
        List<BenchSvg.Bar> bars = new ArrayList<>();
        StringBuilder t = new StringBuilder("<table class=\"scores\"><thead><tr><th>Subject</th><th class=\"num\">"
                + "Threads</th><th class=\"num\">ns/op per thread</th><th class=\"num\">total ops/&micro;s</th>"
                + "<th class=\"num\">against 1 thread</th></tr></thead><tbody>\n");
        List<String> notes = new ArrayList<>();
        for (BenchCatalog.Entry e : p.entries()) {
            Optional<BenchResults.Score> one = r.at(e.benchmark(), 1);
            for (int n : counts) {
                Optional<BenchResults.Score> s = r.at(e.benchmark(), n);
                if (s.isEmpty()) {
                    notes.add(e.subject().label() + " on " + n + " threads: " + (run.planned().contains(e.id())
                            ? "no result (the benchmark failed: JMH's output says why)" : "not run (left out by --filter)"));
                    continue;
                }
                BenchResults.Score x = s.get();
                double total = n * 1000.0 / x.score(); // avgt is per thread: n threads finish n ops in that time
                double err = n * 1000.0 * x.error() / (x.score() * x.score());
                String css = e.subject().kind().name().toLowerCase(Locale.ROOT);
                bars.add(new BenchSvg.Bar(e.subject().label() + ", " + n + (n == 1 ? " thread" : " threads"), total, err,
                        css, String.format(Locale.ROOT, "%.1f ops/\u00b5s", total), flag(x), true));
                String against = one.isEmpty() ? "&mdash;" : String.format(Locale.ROOT, "%.2fx (ideal %dx)",
                        total / (1000.0 / one.get().score()), n);
                t.append("<tr class=\"").append(css).append("\"><td>").append(HtmlReport.esc(e.subject().label()))
                        .append("</td><td class=\"num\">").append(n).append("</td><td class=\"num\">")
                        .append(timeWithError(x)).append("</td><td class=\"num\">")
                        .append(String.format(Locale.ROOT, "%.1f", total)).append("</td><td class=\"num\">")
                        .append(against).append("</td></tr>\n");
            }
        }
        if (bars.isEmpty()) {
            h.append("<p class=\"missing\">No scaling result in this run.</p>\n");
        } else {
            h.append(BenchSvg.hbars(bars, "total operations per microsecond, all threads (higher is better)"));
            h.append(t).append("</tbody></table>\n");
        }
        if (!counts.contains(run.cpus())) {
            notes.add("this machine has " + run.cpus() + " CPUs: the full profile also measures " + run.cpus()
                    + " threads");
        }
        notes(h, notes);
        h.append("</section>\n");
    }

    /** The flag the chart writes after a noisy score; empty for a steady one. */
    static String flag(BenchResults.Score x) {
        if (Double.isNaN(x.error())) {
            return "no error estimate";
        }
        return x.noisy() ? String.format(Locale.ROOT, "error %.0f%% of it", 100 * x.errorShare()) : "";
    }

    static String noiseSentence(BenchResults.Score x) {
        return Double.isNaN(x.error()) ? "JMH gave no error estimate (too few iterations): the score is one sample"
                : String.format(Locale.ROOT, "its error (%s) is %.0f%% of its score, above 10%%: not a figure to "
                        + "compare until a longer run (--profile full) narrows it", num(x.error()), 100 * x.errorShare());
    }

    static String timeWithError(BenchResults.Score x) {
        return Double.isNaN(x.error()) ? num(x.score()) + " ns/op"
                : num(x.score()) + " \u00b1 " + num(x.error()) + " ns/op";
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2fx", r);
    }

    private static String share(BenchResults.Score x) {
        return Double.isNaN(x.error()) ? "?" : String.format(Locale.ROOT, "%.1f%%", 100 * x.errorShare());
    }

    static String num(double d) {
        if (Double.isNaN(d)) {
            return "?";
        }
        return d >= 100 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.1f", d);
    }

    static String bytes(double b) {
        return Double.isNaN(b) ? "?" : String.format(Locale.ROOT, b >= 100 ? "%,.0f" : "%.1f", b);
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px 32px;color:#1d2330;
                 background:#fbfbfd;max-width:1100px}
            h1{font-size:22px;margin:0 0 6px} h2{font-size:17px;margin:0 0 6px}
            .meta{color:#5b6478;margin:2px 0} .how{color:#5b6478;font-size:13px;max-width:860px}
            code{font:12.5px/1.4 ui-monospace,Menlo,Consolas,monospace}
            table{border-collapse:collapse;margin:10px 0;background:#fff}
            th,td{padding:4px 10px;border-bottom:1px solid #e6e8ee;text-align:left;vertical-align:top}
            th{background:#f1f3f8;font-weight:600} .num{text-align:right;white-space:nowrap}
            table.env th{background:none;color:#5b6478;font-weight:500} table.env td,table.env th{padding:1px 10px}
            td.slower,p.ratio.slower{color:#c62f36;font-weight:700} td.faster,p.ratio.faster{color:#2f8f4e;font-weight:700}
            td.noisy{color:#c62f36;font-weight:600} .missing{color:#8a90a0}
            section.path{background:#fff;border:1px solid #e6e8ee;border-radius:6px;padding:12px 16px;margin:14px 0}
            .notes{color:#5b6478;font-size:13px;margin:6px 0 0;padding-left:20px}
            svg.chart{display:block;margin:6px 0;font:12px system-ui,sans-serif}
            svg .grid{stroke:#e6e8ee} svg .tick{fill:#5b6478;font-size:11px} svg .label{fill:#1d2330}
            svg .value{fill:#1d2330} svg .flag{fill:#c62f36;font-weight:700}
            svg .bar.ours{fill:#2b6cb0} svg .bar.peer{fill:#e08a2e} svg .bar.baseline{fill:#a3aab8}
            svg .err{stroke:#1d2330;stroke-width:1.3;fill:none} svg .cut{stroke:#fff;stroke-width:3}
            tr.ours td:first-child{font-weight:600;color:#2b6cb0}
            """;
}
