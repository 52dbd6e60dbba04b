package skbstress.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import skbstress.job.Watchdog;

/**
 * Runs a run's items one after another, each under the {@link Watchdog}. An item is a jcstress pass (all
 * the races in one jcstress run), one Lincheck run or one soak. An item that makes no progress for the
 * stall bound (if it reports progress), or runs past three times its estimate plus a margin, is declared
 * hung: its tests are HUNG, the tests not yet run are SKIPPED, and the run stops there, since the hung
 * thread cannot be stopped and would distort everything after it.
 */
final class Job {
    /**
     * One item: its label, its tests, its planned seconds, whether it runs for exactly that long (a soak),
     * whether it reports progress while it runs, how much longer than the stall bound it may be quiet
     * between two reports (a differential seed reports once per seed), which of its tests a hang's dump
     * shows hung (all of them when this finds none), and the replay command of what it was doing when it
     * hung ("" when its tests' own replay commands say it).
     */
    record Item(String label, List<Catalog.TestCase> tests, double estimate, boolean timed, boolean beats,
                Duration quiet, Watchdog.Body<List<RunReport.TestReport>> body, Function<String, Set<String>> hungIn,
                Function<String, String> replayWhile) {
        Item(String label, List<Catalog.TestCase> tests, double estimate, boolean timed, boolean beats,
             Watchdog.Body<List<RunReport.TestReport>> body) {
            this(label, tests, estimate, timed, beats, Duration.ZERO, body, dump -> Set.of(), doing -> "");
        }
    }

    /** Every test's report in run order, and the hang that ended the run, if one did. */
    record Result(List<RunReport.TestReport> tests, RunReport.Hang hang) {}

    private final Duration stall;
    private final Duration margin;
    private boolean failFast;

    /**
     * @param stall longest time an item that reports progress may go without
     * @param margin time an item may run past three times its estimate
     */
    Job(Duration stall, Duration margin) {
        this.stall = stall;
        this.margin = margin;
    }

    /** Stops the run after the first item with a test that failed (the rest SKIPPED): --fail-fast. */
    Job failFast(boolean on) {
        this.failFast = on;
        return this;
    }

    Watchdog.Limits limits(Item item) {
        Duration bound = Duration.ofMillis((long) (item.estimate() * 3 * 1000)).plus(margin);
        return new Watchdog.Limits(item.beats() ? stall.plus(item.quiet()) : null, bound);
    }

    Result run(List<Item> items, Progress progress) {
        List<RunReport.TestReport> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            progress.start(item.label(), item.estimate(), item.timed());
            Watchdog.Outcome<List<RunReport.TestReport>> o = Watchdog.run(item.label(), limits(item), progress,
                    item.body());
            if (o.hang() != null) {
                Watchdog.Hang h = o.hang();
                RunReport.Hang hang = new RunReport.Hang(item.label(), h.doing(), h.why(), h.seconds(), h.threadDump());
                List<RunReport.TestReport> rest = new ArrayList<>(hungReports(item, hang));
                for (Item later : items.subList(i + 1, items.size())) {
                    later.tests().forEach(c -> rest.add(skipped(c, "not run: the run stopped when " + item.label()
                            + " hung")));
                }
                rest.forEach(progress::finished);
                out.addAll(rest);
                return new Result(out, hang);
            }
            List<RunReport.TestReport> reports = o.thrown() != null ? crashed(item, o.thrown()) : o.value();
            for (RunReport.TestReport t : reports) {
                out.add(t);
                progress.finished(t);
            }
            progress.spent(item.estimate());
            if (failFast && reports.stream().anyMatch(t -> !t.passed() && !t.status().equals("SKIPPED"))) {
                for (Item later : items.subList(i + 1, items.size())) {
                    for (Catalog.TestCase c : later.tests()) {
                        RunReport.TestReport t = skipped(c, "not run: --fail-fast stopped the run at the first failure");
                        out.add(t);
                        progress.finished(t);
                    }
                }
                break;
            }
        }
        return new Result(out, null);
    }

    /** The item's tests when it hung: those the dump shows running are HUNG, the rest SKIPPED. */
    private static List<RunReport.TestReport> hungReports(Item item, RunReport.Hang h) {
        Set<String> hung = item.hungIn().apply(h.threadDump());
        String summary = String.format(Locale.ROOT, "hung: %s, while %s (thread dump in the report)", h.why(),
                h.doing());
        List<RunReport.TestReport> out = new ArrayList<>();
        String replay = item.replayWhile().apply(h.doing());
        for (Catalog.TestCase c : item.tests()) {
            if (hung.isEmpty() || hung.contains(c.id())) {
                // a livelock canary is made to hang: the watchdog stopping it is what catches it
                String status = c.canary() && c.kind() == Catalog.Kind.SOAK ? "CAUGHT" : "HUNG";
                out.add(Tests.report(c, status, 0, "", h.seconds(), Tests.canaryWords(status, summary), h.why() + "\nwhile: " + h.doing()
                        + "\n\n" + h.threadDump(), replay.isEmpty() ? replayOf(c) : replay, List.of(), "", List.of()));
            } else {
                out.add(skipped(c, "not finished: the jcstress pass was stopped when another race hung"));
            }
        }
        return out;
    }

    /** The job's own code threw: every test of the item is an ERROR, never a pass. */
    private static List<RunReport.TestReport> crashed(Item item, Throwable e) {
        return item.tests().stream().map(c -> Tests.report(c, "ERROR", 0, "", 0, "the job crashed running it: " + e,
                Tests.stackTrace(e), replayOf(c), List.of(), "", List.of())).toList();
    }

    private static RunReport.TestReport skipped(Catalog.TestCase c, String why) {
        return Tests.report(c, "SKIPPED", 0, "", 0, why, "", "", List.of(), "", List.of());
    }

    private static String replayOf(Catalog.TestCase c) {
        return switch (c.kind()) {
            case JCSTRESS -> Tests.LAUNCHER + " replay jcstress " + c.id().substring("jcstress:".length());
            case LINCHECK -> Tests.LAUNCHER + " replay lincheck " + c.target() + " --mode " + c.mode().label;
            case SOAK -> "";
        };
    }
}
