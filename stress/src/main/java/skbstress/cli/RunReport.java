package skbstress.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * What a run found, as written to {@code summary.json} and read back by {@code merge}. Schema 2 added
 * {@code schemaVersion}, {@code environment}, {@code budgetSeconds}, {@code overBudgetSeconds}, {@code hang},
 * and per test {@code configurations}; a summary without them (schema 1) reads with them empty.
 *
 * @param verdict PASS when every test passed and every canary was caught, else FAIL
 * @param overBudgetSeconds how far the run went past its budget, 0 when it kept it
 * @param hang the test that stopped making progress and ended the run, or null
 */
record RunReport(int schemaVersion, String tool, String command, String profile, String shard, long seed,
                 String budget, double budgetSeconds, String started, double seconds, double overBudgetSeconds,
                 String verdict, Environment environment, Hang hang, List<TestReport> tests, String subject,
                 List<NotApplicable> notApplicable) {
    static final int SCHEMA = 4;

    RunReport {
        schemaVersion = schemaVersion == 0 ? 1 : schemaVersion; // summaries before schema 2 carry none
        tests = tests == null ? List.of() : List.copyOf(tests);
        subject = subject == null ? "skbstress" : subject; // summaries before schema 3 were all of ours
        notApplicable = notApplicable == null ? List.of() : List.copyOf(notApplicable);
    }

    /** A test the subject's capabilities leave out, and why. */
    record NotApplicable(String id, String why) {}

    /**
     * One test's result. {@code status}: PASS; FAIL (a forbidden, non-linearizable, leaked or disagreeing
     * result); ERROR (the test crashed or ran nothing); HUNG (it stopped making progress); SKIPPED (not run:
     * the run ended at a hung test); and for a canary, which must fail: CAUGHT (its test failed the way it
     * was made to: it passes) or MISSED (its test passed: the harness has gone blind).
     *
     * @param configurations a jcstress test's results per configuration (empty for other tests)
     * @param leakReport what the implementation found alive or wrong where the test checked it (a soak's or a
     *     Lincheck scenario's quiescence), as {@link skbstress.api.LeakReport#json()} writes it; null when it
     *     found nothing or was not asked
     */
    record TestReport(String id, String kind, String area, List<String> protects, boolean canary, String status,
                      long samples, String unit, double seconds, String summary, String details, String replay,
                      List<Bar> histogram, String link, List<Configuration> configurations,
                      JsonNode leakReport) {
        TestReport {
            protects = protects == null ? List.of() : protects;
            histogram = histogram == null ? List.of() : histogram;
            configurations = configurations == null ? List.of() : configurations;
            // JSON's null reads as a NullNode: one null for "none", whichever way it came
            leakReport = leakReport == null || leakReport.isNull() || leakReport.isMissingNode() ? null : leakReport;
        }

        /** This report with {@code leaks} (null: none). */
        TestReport withLeakReport(JsonNode leaks) {
            return new TestReport(id, kind, area, protects, canary, status, samples, unit, seconds, summary, details,
                    replay, histogram, link, configurations, leaks);
        }

        boolean passed() {
            return PASSING.contains(status);
        }
    }

    static final Set<String> PASSING = Set.of("PASS", "CAUGHT");

    /** One outcome of a jcstress test: its samples over all configurations, expectation and meaning. */
    record Bar(String outcome, long samples, String expect, String description) {}

    /** One configuration of a jcstress test: JVM arguments, compile mode, samples and jcstress's status. */
    record Configuration(String jvmArgs, String compileMode, long samples, long forbidden, String status) {}

    /** The test that stopped making progress: why, what it was doing, and every thread's stack. */
    record Hang(String test, String doing, String why, double seconds, String threadDump) {}

    static String verdictOf(List<TestReport> tests) {
        return !tests.isEmpty() && tests.stream().allMatch(TestReport::passed) ? "PASS" : "FAIL";
    }
}
