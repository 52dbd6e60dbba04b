package skbstress.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** The table a run ends with: one row per test, then the verdict, the time against the budget, the report. */
final class Summary {
    private Summary() {}

    static void print(PrintStream out, RunReport r, Path dir, boolean quiet) {
        if (!quiet) {
            out.println();
            out.printf(Locale.ROOT, "%-7s %-54s %-9s %18s %9s  %s%n", "RESULT", "TEST", "AREA", "SAMPLES", "TIME",
                    "SEEN");
            for (RunReport.TestReport t : r.tests()) {
                String seen = t.summary().length() > 90 ? t.summary().substring(0, 89) + "~" : t.summary();
                out.printf(Locale.ROOT, "%-7s %-54s %-9s %,18d %8.1fs  %s%n", t.status(), t.id(), t.area(),
                        t.samples(), t.seconds(), seen);
            }
            for (RunReport.TestReport t : r.tests()) {
                if (!t.passed() && !t.status().equals("SKIPPED")) {
                    out.printf(Locale.ROOT, "%n%s %s: %s%n", t.status(), t.id(), t.summary());
                    if (t.replay() != null && !t.replay().isEmpty()) {
                        out.println("  replay: " + t.replay());
                    }
                }
            }
            for (RunReport.NotApplicable n : r.notApplicable()) {
                out.printf(Locale.ROOT, "%-7s %-54s %s%n", "N/A", n.id(), n.why());
            }
            out.println();
        }
        if (r.hang() != null) {
            out.printf(Locale.ROOT, "HUNG: %s %s, while %s; every thread's stack is in the report (#hang)%n",
                    r.hang().test(), r.hang().why(), r.hang().doing());
        }
        long failed = r.tests().stream().filter(t -> !t.passed() && !t.status().equals("SKIPPED")).count();
        long skipped = r.tests().stream().filter(t -> t.status().equals("SKIPPED")).count();
        long canaries = r.tests().stream().filter(RunReport.TestReport::canary).count();
        long caught = r.tests().stream().filter(t -> t.status().equals("CAUGHT")).count();
        out.printf(Locale.ROOT, "%s: %d tests, %d failed%s%s. %s. Subject: %s%s. Report: %s%n", r.verdict(),
                r.tests().size(), failed, skipped == 0 ? "" : ", " + skipped + " not run",
                canaries == 0 ? "" : String.format(Locale.ROOT, " (%d of %d canaries caught)", caught, canaries),
                timeLine(r), r.subject(), r.notApplicable().isEmpty() ? "" : " (" + r.notApplicable().size()
                        + " tests not applicable to it)", dir.resolve("index.html").toAbsolutePath().normalize());
    }

    /** The run's time against its budget: kept, or over and by how much. */
    static String timeLine(RunReport r) {
        String took = Budget.format(Duration.ofMillis((long) (r.seconds() * 1000)));
        if (r.budgetSeconds() <= 0) {
            return "Took " + took + " (" + r.budget() + " budget)"; // a schema-1 summary: no budget in seconds
        }
        if (r.overBudgetSeconds() > 0) {
            return String.format(Locale.ROOT, "Took %s: %.1f s OVER its budget of %s", took, r.overBudgetSeconds(),
                    r.budget());
        }
        return String.format(Locale.ROOT, "Took %s, within its budget of %s", took, r.budget());
    }
}
