package skbstress.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** The table a run ends with: one row per test, then the verdict and where the report is. */
final class Summary {
    private Summary() {}

    static void print(PrintStream out, RunReport r, Path dir, boolean quiet) {
        if (!quiet) {
            out.println();
            out.printf(Locale.ROOT, "%-6s %-54s %-9s %18s %9s  %s%n", "RESULT", "TEST", "AREA", "SAMPLES", "TIME",
                    "SEEN");
            for (RunReport.TestReport t : r.tests()) {
                String seen = t.summary().length() > 90 ? t.summary().substring(0, 89) + "~" : t.summary();
                out.printf(Locale.ROOT, "%-6s %-54s %-9s %,18d %8.1fs  %s%n", t.status(), t.id(), t.area(),
                        t.samples(), t.seconds(), seen);
            }
            for (RunReport.TestReport t : r.tests()) {
                if (!t.passed()) {
                    out.printf(Locale.ROOT, "%n%s %s: %s%n  replay: %s%n", t.status(), t.id(), t.summary(), t.replay());
                }
            }
            out.println();
        }
        long failed = r.tests().stream().filter(t -> !t.passed()).count();
        out.printf(Locale.ROOT, "%s: %d tests, %d failed, in %.0f s. Report: %s%n", r.verdict(), r.tests().size(),
                failed, r.seconds(), dir.resolve("index.html").toAbsolutePath().normalize());
    }
}
