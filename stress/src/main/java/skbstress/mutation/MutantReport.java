package skbstress.mutation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of a mutants run: {@code mutants.json} and {@code index.html}, per mutant its status, the
 * first test that caught it, how, and the time from the start of its tier to detection; survivors with
 * their diff and, when one is argued in {@code survivors.txt}, the argument. Scores per kind and operator.
 */
public final class MutantReport {
    private MutantReport() {}

    /** The whole report. {@code verdict}: PASS when every mutant run was caught or is an argued survivor. */
    public record Report(String schema, String command, String started, double seconds, String verdict,
                         Map<String, Score> scores, double medianKernelDetectSeconds, List<MutantRun.Result> mutants,
                         Map<String, String> argued, List<PitScores.Module> pit) {}

    /**
     * Caught of run (stillborn and not-run mutants are not counted), and how many survivors are argued, of
     * which how many as equivalent (no execution differs: such a mutant is not a bug) and how many as
     * unobservable on TSO (a real bug elsewhere, which this hardware cannot show).
     */
    public record Score(int run, int caught, int survived, int argued, int equivalent, int tso, int stillborn,
                        int notRun) {
        /** Caught of run. */
        public double percent() {
            return run == 0 ? 0 : 100.0 * caught / run;
        }

        /** Caught of run less the equivalent mutants: the usual mutation score, since those are not bugs. */
        public double percentOfBugs() {
            return run - equivalent == 0 ? 0 : 100.0 * caught / (run - equivalent);
        }
    }

    public static Report of(String command, String started, double seconds, List<MutantRun.Result> results,
                            Map<String, String> argued) {
        return of(command, started, seconds, results, argued, List.of());
    }

    /**
     * With PIT's scores beside ours. They inform and do not change the verdict: PIT's survivors on the
     * sequential code are listed for review, not argued one by one.
     */
    public static Report of(String command, String started, double seconds, List<MutantRun.Result> results,
                            Map<String, String> argued, List<PitScores.Module> pit) {
        Map<String, Score> scores = new LinkedHashMap<>();
        scores.put("all", score(results, r -> true, argued));
        for (MutantSet.Kind k : MutantSet.Kind.values()) {
            String kind = k.name().toLowerCase(Locale.ROOT);
            scores.put(kind, score(results, r -> r.kind().equals(kind), argued));
        }
        for (String op : Operators.NAMES) {
            scores.put("operator " + op, score(results, r -> r.operator().equals(op), argued));
        }
        List<Double> kernel = new ArrayList<>(results.stream().filter(r -> r.kind().equals("kernel")
                && r.status().equals("CAUGHT")).map(MutantRun.Result::detectSeconds).sorted().toList());
        double median = kernel.isEmpty() ? Double.NaN : kernel.size() % 2 == 1 ? kernel.get(kernel.size() / 2)
                : (kernel.get(kernel.size() / 2 - 1) + kernel.get(kernel.size() / 2)) / 2;
        boolean pass = results.stream().filter(r -> r.status().equals("SURVIVED")).allMatch(r -> argued.containsKey(r.id()))
                && results.stream().noneMatch(r -> r.status().equals("ERROR")) // a mutant the tools failed to judge
                && results.stream().anyMatch(r -> r.status().equals("CAUGHT") || r.status().equals("SURVIVED"));
        return new Report("1", command, started, seconds, pass ? "PASS" : "FAIL", scores, median, results, argued,
                List.copyOf(pit));
    }

    /**
     * The results of several reports joined, one per mutant: a later report (by its start) replaces an
     * earlier one's result, so that a campaign interrupted by fixes still ends in one table, unless the later
     * one did not run the mutant (NOT_RUN), which never hides a result. First-seen order is kept.
     */
    public static List<MutantRun.Result> latest(List<Report> parts) {
        List<Report> byStart = new ArrayList<>(parts);
        byStart.sort(java.util.Comparator.comparing(Report::started));
        Map<String, MutantRun.Result> out = new LinkedHashMap<>();
        for (Report p : byStart) {
            for (MutantRun.Result m : p.mutants()) {
                MutantRun.Result before = out.get(m.id());
                if (before == null || !m.status().equals("NOT_RUN")) {
                    out.put(m.id(), m);
                }
            }
        }
        return List.copyOf(out.values());
    }

    private static Score score(List<MutantRun.Result> rs, java.util.function.Predicate<MutantRun.Result> p,
                               Map<String, String> argued) {
        int run = 0;
        int caught = 0;
        int survived = 0;
        int arguedCount = 0;
        int equivalent = 0;
        int tso = 0;
        int stillborn = 0;
        int notRun = 0;
        for (MutantRun.Result r : rs) {
            if (!p.test(r)) {
                continue;
            }
            switch (r.status()) {
                case "CAUGHT" -> {
                    run++;
                    caught++;
                }
                case "SURVIVED" -> {
                    run++;
                    survived++;
                    String why = argued.get(r.id());
                    arguedCount += why != null ? 1 : 0;
                    equivalent += why != null && why.startsWith("equivalent:") ? 1 : 0;
                    tso += why != null && why.startsWith("tso:") ? 1 : 0;
                }
                case "STILLBORN" -> stillborn++;
                default -> notRun++;
            }
        }
        return new Score(run, caught, survived, arguedCount, equivalent, tso, stillborn, notRun);
    }

    /**
     * An earlier run's report, from its folder or its {@code mutants.json}.
     *
     * @throws IllegalArgumentException when it is missing or not a report of this schema
     */
    public static Report read(Path dirOrFile) {
        Path json = Files.isDirectory(dirOrFile) ? dirOrFile.resolve("mutants.json") : dirOrFile;
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException("--merge " + dirOrFile + ": no mutants.json");
        }
        try {
            Report r = new ObjectMapper().readValue(json.toFile(), Report.class);
            if (!"1".equals(r.schema()) || r.mutants() == null) {
                throw new IllegalArgumentException("--merge " + json + ": not a mutants report of schema 1");
            }
            return r;
        } catch (IOException e) {
            throw new IllegalArgumentException("--merge " + json + ": unreadable: " + e.getMessage());
        }
    }

    public static void write(Path dir, Report r) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("mutants.json").toFile(), r);
        Files.writeString(dir.resolve("index.html"), html(r), StandardCharsets.UTF_8);
    }

    /** The table a terminal shows: scores, then each survivor. */
    public static void print(PrintStream out, Report r, Path dir) {
        out.printf(Locale.ROOT, "%-28s %5s %7s %9s %7s %6s %4s %10s %8s %8s%n", "mutants", "run", "caught", "survived",
                "argued", "equiv", "tso", "stillborn", "score", "of bugs");
        r.scores().forEach((k, s) -> {
            if (s.run() + s.stillborn() + s.notRun() > 0) {
                out.printf(Locale.ROOT, "%-28s %5d %7d %9d %7d %6d %4d %10d %7.1f%% %7.1f%%%n", k, s.run(), s.caught(),
                        s.survived(), s.argued(), s.equivalent(), s.tso(), s.stillborn(), s.percent(), s.percentOfBugs());
            }
        });
        out.println("score: caught of run; of bugs: caught of run less the survivors argued equivalent");
        if (!Double.isNaN(r.medianKernelDetectSeconds())) {
            out.printf(Locale.ROOT, "median time from the start of its tier to detection, kernel catalog: %.1f s%n",
                    r.medianKernelDetectSeconds());
        }
        for (MutantRun.Result m : r.mutants()) {
            if (m.status().equals("SURVIVED")) {
                out.println("SURVIVED " + m.id() + ": " + m.about() + (r.argued().containsKey(m.id())
                        ? "\n  argued: " + r.argued().get(m.id()) : "\n  NOT ARGUED") + "\n" + m.diff().indent(2));
            }
        }
        for (PitScores.Module m : r.pit()) {
            out.println(PitScores.summary(m) + "; its " + m.survivors().size() + " undetected mutants are listed in the report");
        }
        out.printf(Locale.ROOT, "%s: %d mutants in %.0f s; report %s%n", r.verdict(), r.mutants().size(), r.seconds(),
                dir.resolve("index.html").toAbsolutePath().normalize());
    }

    static String html(Report r) {
        StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>skbstress mutants"
                + "</title><style>body{font:14px sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px "
                + "solid #ccc;padding:3px 6px;vertical-align:top}.CAUGHT{background:#dfd}.SURVIVED{background:#fdd}"
                + ".STILLBORN,.NOT_RUN{background:#eee}.ERROR{background:#fc9}pre{margin:0;font-size:12px}</style></head><body>");
        h.append("<h1>skbstress mutants: ").append(esc(r.verdict())).append("</h1><p>").append(esc(r.command()))
                .append(" &middot; started ").append(esc(r.started())).append(String.format(Locale.ROOT,
                        " &middot; %.0f s", r.seconds())).append("</p>");
        if (!Double.isNaN(r.medianKernelDetectSeconds())) {
            h.append(String.format(Locale.ROOT, "<p>Median time from the start of its tier to detection, kernel "
                    + "catalog: %.1f s</p>", r.medianKernelDetectSeconds()));
        }
        h.append("<table><tr><th>mutants</th><th>run</th><th>caught</th><th>survived</th><th>argued</th>"
                + "<th>equivalent</th><th>tso</th><th>stillborn</th><th>score</th><th>of bugs</th></tr>");
        r.scores().forEach((k, s) -> {
            if (s.run() + s.stillborn() + s.notRun() > 0) {
                h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td>"
                        + "<td>%d</td><td>%d</td><td>%d</td><td>%.1f%%</td><td>%.1f%%</td></tr>", esc(k), s.run(),
                        s.caught(), s.survived(), s.argued(), s.equivalent(), s.tso(), s.stillborn(), s.percent(),
                        s.percentOfBugs()));
            }
        });
        h.append("</table><p>score: caught of run; of bugs: caught of run less the survivors argued equivalent "
                + "(their argument says no execution differs, so they are not bugs).</p>");
        h.append("<h2>Mutants</h2><table><tr><th>mutant</th><th>status</th><th>tier</th><th>caught by</th>"
                + "<th>how</th><th>detected after</th><th>details</th></tr>");
        for (MutantRun.Result m : r.mutants()) {
            String detail = m.status().equals("SURVIVED") ? (r.argued().containsKey(m.id()) ? "argued: "
                    + r.argued().get(m.id()) : "not argued") + "\n" + m.diff() : m.detail();
            h.append("<tr class=\"").append(m.status()).append("\"><td>").append(esc(m.id())).append("<br><small>")
                    .append(esc(m.about())).append(m.bug().isEmpty() ? "" : " (" + esc(m.bug()) + ")")
                    .append("</small></td><td>").append(m.status()).append("</td><td>").append(m.tier()).append("</td><td>")
                    .append(esc(m.test())).append("</td><td>").append(esc(m.how())).append("</td><td>")
                    .append(m.status().equals("CAUGHT") ? String.format(Locale.ROOT, "%.1f s", m.detectSeconds()) : "")
                    .append("</td><td><pre>").append(esc(detail.length() > 1500 ? detail.substring(0, 1500) + "..." : detail))
                    .append("</pre></td></tr>");
        }
        h.append("</table>");
        for (PitScores.Module m : r.pit()) {
            h.append("<h2>PIT (standard operators): ").append(esc(m.name())).append("</h2><p>").append(esc(
                    PitScores.summary(m))).append(" &middot; ").append(esc(m.source())).append("</p><table><tr><th>status"
                    + "</th><th>class</th><th>method</th><th>line</th><th>operator</th><th>change</th></tr>");
            for (PitScores.Survivor s : m.survivors()) {
                h.append("<tr class=\"SURVIVED\"><td>").append(esc(s.status())).append("</td><td>").append(esc(s.clazz()))
                        .append("</td><td>").append(esc(s.method())).append("</td><td>").append(s.line()).append("</td><td>")
                        .append(esc(s.mutator())).append("</td><td>").append(esc(s.description())).append("</td></tr>");
            }
            h.append("</table>");
        }
        return h.append("</body></html>").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
