package skbstress.cli;

import java.util.List;

/**
 * What a run found, as written to {@code summary.json} and read back by {@code merge}.
 *
 * @param verdict PASS when nothing forbidden, non-linearizable, leaked or crashed was seen, else FAIL
 */
record RunReport(String tool, String command, String profile, String shard, long seed, String budget,
                 String started, double seconds, String verdict, List<TestReport> tests) {

    /** One test's result. {@code status} is PASS, FAIL (a forbidden or non-linearizable result) or ERROR. */
    record TestReport(String id, String kind, String area, List<String> protects, boolean canary, String status,
                      long samples, String unit, double seconds, String summary, String details, String replay,
                      List<Bar> histogram, String link) {
        boolean passed() {
            return status.equals("PASS");
        }
    }

    /** One outcome of a jcstress test: its samples over all configurations, expectation and meaning. */
    record Bar(String outcome, long samples, String expect, String description) {}

    static String verdictOf(List<TestReport> tests) {
        return tests.stream().allMatch(TestReport::passed) ? "PASS" : "FAIL";
    }
}
