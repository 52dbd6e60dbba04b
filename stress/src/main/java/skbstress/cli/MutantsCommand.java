package skbstress.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import skbstress.mutation.MutantReport;
import skbstress.mutation.MutantRun;
import skbstress.mutation.MutantSet;
import skbstress.mutation.PitScores;
import skbstress.mutation.MutantSources.Mutant;

@Command(name = "mutants", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures the suite's power: applies each mutant (one realistic bug) to a copy of the "
                + "implementation, runs the suite on it in tiers, and reports which were caught, by which test, how, "
                + "and how fast.",
                "Mutants: the canaries (stress/src/mutants), the kernel's bug catalog B1-B17 "
                        + "(stress/src/mutants/kernel) and the concurrency operators' (lost-update, split-cas, "
                        + "check-then-act, weaker-order, no-bump, early-release, off-by-one) on impl/src/main/java.",
                "Tier 1: the differential against the model, a sprint of every race, short concurrent soak rounds "
                        + "(seconds). Tier 2, if tier 1 found nothing: the quick job with --fail-fast. A mutant that "
                        + "passes both survived; survivors argued in stress/src/mutants/survivors.txt (equivalent, or "
                        + "unobservable on this hardware) do not fail the run.",
                "Exit code 0 when every mutant run was caught or is an argued survivor; 1 otherwise (a survivor not "
                        + "argued, or a mutant the tools failed to judge: ERROR); 2 on bad input, before any work."})
final class MutantsCommand implements Callable<Integer> {
    @Option(names = {"-f", "--filter"}, paramLabel = "REGEX", defaultValue = "",
            description = "Runs the mutants whose id contains a match (ids: --list).")
    String filter;

    @Option(names = {"-k", "--kinds"}, split = ",", paramLabel = "KIND", description = "canary, kernel, operator "
            + "(default: all three).")
    Set<MutantSet.Kind> kinds = EnumSet.allOf(MutantSet.Kind.class);

    @Option(names = {"-b", "--budget"}, converter = Budget.class, paramLabel = "TIME", defaultValue = "4h",
            description = "Time for the whole run; mutants that do not fit are reported NOT_RUN. Default: ${DEFAULT-VALUE}.")
    Duration budget;

    @Option(names = "--shard", converter = Shard.Converter.class, paramLabel = "i/n",
            description = "Runs every n-th mutant, from the i-th, in id order.")
    Shard shard = Shard.WHOLE;

    @Option(names = "--tier2-budget", converter = Budget.class, paramLabel = "TIME", defaultValue = "4m",
            description = "The quick job's budget in tier 2. Default: ${DEFAULT-VALUE}.")
    Duration tier2;

    @Option(names = {"-r", "--report"}, paramLabel = "DIR", description = "Report folder (default: "
            + "stress/target/skbstress-mutants/<date-time>).")
    Path report;

    @Option(names = "--list", description = "Lists the selected mutants and their diffs; runs nothing.")
    boolean list;

    @Option(names = "--pit", split = ",", paramLabel = "DIR", description = "PIT reports (folders holding "
            + "mutations.xml, e.g. impl/target/pit-reports) whose scores and undetected mutants join this report.")
    List<Path> pit = List.of();

    @Option(names = "--merge", split = ",", paramLabel = "DIR", description = "Runs nothing: joins the results of "
            + "earlier reports (their mutants.json, e.g. the shards of one run) into one report, with today's "
            + "survivors.txt. A mutant in several of them gets the latest report's result (by its start), unless "
            + "that report did not run it; a result whose diff is not today's mutant's is left out, and named.")
    List<Path> merge = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Pattern p = Plan.filter(filter);
        if (budget.isZero() || budget.isNegative() || tier2.toSeconds() < 30) {
            throw new IllegalArgumentException("--budget must be positive and --tier2-budget at least 30s");
        }
        try { // the quick job of tier 2 must fit its budget, or it would refuse to run for every mutant
            Plan.make(Catalog.all(), Profile.QUICK, tier2, "", false, Shard.WHOLE);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--tier2-budget " + Budget.format(tier2) + " is too short for tier 2's "
                    + "quick job: " + e.getMessage().replace("--budget", "its budget"));
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("--kinds names no kind");
        }
        List<PitScores.Module> pitScores = new ArrayList<>();
        for (Path d : pit) {
            pitScores.add(PitScores.read(d)); // refused before any work when one is missing or broken
        }
        if (!merge.isEmpty()) {
            CommandLine.ParseResult pr = spec.commandLine().getParseResult();
            for (String selector : List.of("--list", "--filter", "--kinds", "--shard")) {
                if (pr.hasMatchedOption(selector)) { // it would be ignored: the reports hold what they ran
                    throw new IllegalArgumentException("--merge runs and selects nothing: drop " + selector);
                }
            }
            return merged(pitScores);
        }
        MutantSet set = MutantSet.load();
        List<Mutant> chosen = new ArrayList<>();
        int k = 0;
        for (Mutant m : set.all()) {
            if (kinds.contains(MutantSet.kind(m)) && p.matcher(m.id()).find() && shard.takes(k++)) {
                chosen.add(m);
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no mutant matches --filter '" + filter + "' and --kinds " + kinds
                    + " on shard " + shard + " (see --list)");
        }
        PrintStream out = System.out;
        if (list) {
            for (Mutant m : chosen) {
                out.println(m.id() + "  [" + MutantSet.kind(m).name().toLowerCase(Locale.ROOT) + "] " + m.about()
                        + (m.bug().isEmpty() ? "" : " (" + m.bug() + ")"));
                set.diff(m).lines().forEach(l -> out.println("    " + l));
            }
            out.println(chosen.size() + " mutants");
            return 0;
        }
        Path dir = reportDir();
        RunCommand.requireWritable(dir);
        Map<String, String> argued = argued();
        String started = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19);
        out.printf(Locale.ROOT, "skbstress mutants: %d mutants, budget %s, shard %s; report %s%n", chosen.size(),
                Budget.format(budget), shard, dir.toAbsolutePath().normalize());
        long t0 = System.nanoTime();
        long deadline = t0 + budget.toNanos();
        MutantRun runner = new MutantRun(Tests.classPath(), dir.resolve("work"), tier2.toSeconds());
        String baseline = runner.baseline();
        if (baseline != null) { // every mutant would look caught: no verdict would be true
            out.println("FAIL: the fast checks fail on the implementation itself, so no mutant can be judged: " + baseline);
            return Main.FAILED;
        }
        List<MutantRun.Result> results = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            Mutant m = chosen.get(i);
            if (System.nanoTime() > deadline) {
                results.add(new MutantRun.Result(m.id(), MutantSet.kind(m).name().toLowerCase(Locale.ROOT),
                        m.operator(), m.bug(), m.about(), "", "NOT_RUN", 0, "", "", "the budget ran out", 0, 0));
                continue;
            }
            MutantRun.Result r = runner.run(set, m);
            results.add(r);
            out.printf(Locale.ROOT, "[%3d/%d] %-9s %-48s %s%n", i + 1, chosen.size(), r.status(), r.id(),
                    r.status().equals("CAUGHT") ? String.format(Locale.ROOT, "tier %d, %s (%s), %.1f s", r.tier(),
                            r.test(), r.how(), r.detectSeconds()) : r.status().equals("STILLBORN") ? "" : r.detail());
            // each step rewrites the report, so that an interrupted run leaves what it found
            MutantReport.write(dir, MutantReport.of(commandLine(), started, (System.nanoTime() - t0) / 1e9, results, argued,
                    pitScores));
        }
        MutantReport.Report r = MutantReport.of(commandLine(), started, (System.nanoTime() - t0) / 1e9, results, argued,
                pitScores);
        MutantReport.write(dir, r);
        MutantReport.print(out, r, dir);
        return r.verdict().equals("PASS") ? 0 : Main.FAILED;
    }

    /** One report from earlier ones: their results, side by side, judged with today's arguments. */
    private int merged(List<PitScores.Module> pitScores) throws IOException {
        Path dir = reportDir();
        List<MutantReport.Report> parts = new ArrayList<>();
        for (Path d : merge) {
            parts.add(MutantReport.read(d)); // each one refused before any work when missing or unreadable
        }
        RunCommand.requireWritable(dir);
        // a result made on sources that changed since describes another mutant: left out, and said so
        MutantSet today = MutantSet.load();
        Map<String, String> diffs = new java.util.HashMap<>();
        for (Mutant m : today.all()) {
            diffs.put(m.id(), today.diff(m));
        }
        List<MutantReport.Report> current = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (MutantReport.Report p : parts) {
            List<MutantRun.Result> kept = new ArrayList<>();
            for (MutantRun.Result m : p.mutants()) {
                String now = diffs.get(m.id());
                if (now == null || !m.diff().isEmpty() && !m.diff().equals(now)) {
                    stale.add(m.id() + " (" + p.started() + ")");
                } else {
                    kept.add(m);
                }
            }
            current.add(new MutantReport.Report(p.schema(), p.command(), p.started(), p.seconds(), p.verdict(),
                    p.scores(), p.medianKernelDetectSeconds(), kept, p.argued(), p.pit()));
        }
        List<MutantRun.Result> results = MutantReport.latest(current); // then the latest of what is left
        if (!stale.isEmpty()) {
            System.out.println("left out, run on sources that have changed since (" + stale.size() + "): "
                    + String.join(", ", stale));
        }
        List<String> commands = new ArrayList<>();
        String started = null;
        double seconds = 0;
        List<PitScores.Module> pits = new ArrayList<>(pitScores);
        for (MutantReport.Report p : parts) {
            commands.add(p.command() + " (started " + p.started() + ")");
            started = started == null || p.started().compareTo(started) < 0 ? p.started() : started;
            seconds += p.seconds();
            if (pitScores.isEmpty() && p.pit() != null) {
                pits.addAll(p.pit());
            }
        }
        MutantReport.Report r = MutantReport.of("merged: " + String.join(" + ", commands), started, seconds, results,
                argued(), pits);
        MutantReport.write(dir, r);
        MutantReport.print(System.out, r, dir);
        return r.verdict().equals("PASS") ? 0 : Main.FAILED;
    }

    private Path reportDir() {
        return report != null ? report : RunCommand.defaultReportDir("skbstress-mutants");
    }

    /** The argued survivors: {@code id: why} lines of survivors.txt ('#' starts a comment). */
    static Map<String, String> argued() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = MutantsCommand.class.getClassLoader()
                .getResourceAsStream("skbstress-mutation/mutants/survivors.txt")) {
            if (in == null) {
                return out;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                int colon = line.indexOf(':');
                if (!line.isBlank() && !line.startsWith("#") && colon > 0) {
                    out.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
        }
        return out;
    }

    private String commandLine() {
        return Tests.commandLine(spec);
    }
}
