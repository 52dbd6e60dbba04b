package skbstress.cli;

import java.util.List;
import java.util.Locale;
import skbstress.job.LincheckVerdict;
import skbstress.lincheck.LincheckSuite;

/** Runs one Lincheck scenario in one mode and turns Lincheck's verdict into a {@link RunReport.TestReport}. */
final class LincheckTests {
    private LincheckTests() {}

    static String replay(Catalog.TestCase c, LincheckSuite.Profile profile) {
        String subject = System.getProperty(skbstress.races.Races.SUBJECT_PROPERTY); // set by a run on a subject
        String path = System.getenv("SKBSTRESS_CLASSPATH");
        boolean other = subject != null && !subject.equals(skbstress.subject.Subjects.DEFAULT);
        return (other && path != null && !path.isEmpty() ? "SKBSTRESS_CLASSPATH=" + path + " " : "") + Tests.LAUNCHER
                + " replay lincheck " + c.target() + " --mode " + c.mode().label + " --profile "
                + profile.name().toLowerCase(Locale.ROOT) + (other ? " --subject " + subject : "");
    }

    /**
     * Runs the scenario and waits for it (the job's watchdog bounds the wait). Lincheck reports no progress
     * while it runs, so only its time bound can stop a scenario that hangs.
     */
    static RunReport.TestReport run(Catalog.TestCase c, LincheckSuite.Profile profile) throws InterruptedException {
        skbstress.lincheck.Scenario s = LincheckSuite.named(c.target());
        LincheckSuite.Mode m = c.mode();
        long t0 = System.nanoTime();
        Throwable[] failure = new Throwable[1];
        // On a thread whose task holds only the scenario: Lincheck walks every object reachable from the test
        // instance, and the implementation's per-thread caches reach the creating thread and its task; the
        // job's objects behind it (picocli's regex lambdas) make that walk throw InaccessibleObjectException.
        Thread t = new Thread(() -> {
            try {
                LincheckSuite.check(s, m, profile);
            } catch (Throwable e) { // a crash of the scenario is reported as one, not rethrown
                failure[0] = e;
            }
        }, "lincheck-" + s.name());
        t.setDaemon(true); // a hung scenario is abandoned with the job's watchdog thread
        t.start();
        t.join();
        return report(c, profile, failure[0], (System.nanoTime() - t0) / 1e9);
    }

    /** The report of a run that threw {@code failure} (null: Lincheck found nothing). */
    static RunReport.TestReport report(Catalog.TestCase c, LincheckSuite.Profile profile, Throwable failure,
                                       double seconds) {
        skbstress.lincheck.Scenario s = LincheckSuite.named(c.target());
        LincheckSuite.Mode m = c.mode();
        String replay = replay(c, profile);
        if (failure == null) {
            long invocations = s.plannedInvocations(m, profile);
            int deep = s.searchesDeep(m, profile) ? s.deep().custom().size() : 0;
            int scenarios = s.expect() == skbstress.lincheck.Scenario.Expect.FAIL_MODEL_CHECKING ? deep
                    : s.iterations(profile) + s.custom().size() + deep;
            String status = Tests.status(c, Tests.Finding.CLEAN);
            return Tests.report(c, status, invocations, "invocations", seconds, Tests.canaryWords(status,
                    String.format(Locale.ROOT, "linearizable in %,d invocations of %d scenarios (%s)", invocations,
                            scenarios, m.label)), "", replay, List.of(), "", List.of());
        }
        LincheckVerdict v = LincheckVerdict.of(failure);
        Tests.Finding finding = switch (v) {
            case NON_LINEARIZABLE, BROKEN_AT_QUIESCENCE -> Tests.Finding.MADE_FOR;
            case OTHER_FAILURE -> Tests.Finding.OTHER_FAILURE;
            case CRASH -> Tests.Finding.CRASH;
        };
        String status = Tests.status(c, finding);
        String headline = LincheckVerdict.headline(failure);
        String summary = v == LincheckVerdict.CRASH ? "the scenario crashed: " + failure
                : headline + (v.catchesCanary() ? "" : " (" + v.words + ")") + LincheckVerdict.switchWords(failure);
        String details = v == LincheckVerdict.CRASH ? Tests.stackTrace(failure) : String.valueOf(failure.getMessage());
        return Tests.report(c, status, 0, "invocations", seconds, Tests.canaryWords(status, summary), details, replay,
                List.of(), "", List.of()).withLeakReport(LeakReports.tree(LincheckVerdict.leakReport(failure)));
    }
}
