package skbstress.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code skbstress bench}: the JMH suite, ours against Netty 4.2 and a plain array, in this JVM through JMH's
 * Runner (which forks a JVM per benchmark on this jar's class path: the benchmark list is built into the job's
 * jar), then a report folder with JMH's JSON, the machine's description and an HTML page of charts.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the JMH benchmarks: ours (SkbImpl) against Netty 4.2's adaptive allocator (its "
                + "default), its pooled allocator and its Recycler, and a plain new byte[2048], on each path "
                + "(alloc+free, clone+free, fast clone+free, slab object alloc+free, cross-thread free) and on 1, 2 "
                + "and more threads; writes a report folder (index.html, jmh-result.json, environment.json).",
                "Exit code 0 when every benchmark gave a result; 1 when one failed (the report shows the rest)."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = {"-p", "--profile"}, defaultValue = "quick",
            description = "quick (one fork, 4 + 8 iterations of 0.4 s, 1 and 2 threads: under 4 minutes on 2 "
                    + "cores) or full (3 forks, 5 + 10 iterations of 1 s, and also as many threads as the machine "
                    + "has: about 19 minutes on 2 cores). Default: ${DEFAULT-VALUE}.")
    BenchProfile profile;

    @Option(names = {"-r", "--report"}, paramLabel = "DIR", description = "Report folder (default: "
            + "stress/target/skbstress-bench/<date-time>).")
    Path report;

    @Option(names = {"-f", "--filter"}, paramLabel = "REGEX", defaultValue = "",
            description = "Runs the benchmarks whose id (path/subject, e.g. alloc-free/ours, "
                    + "cross-thread-free/netty-pooled-direct, scaling/ours) or JMH name contains a match.")
    String filter;

    @Option(names = "--dry-run", description = "Checks the options and that this build holds every benchmark "
            + "asked for, prints the plan, and runs nothing.")
    boolean dryRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What one invocation of JMH runs: benchmarks at a thread count (0: as each is annotated). */
    record Batch(List<String> benchmarks, int threads, String resultFile) {}

    @Override
    public Integer call() throws Exception {
        // Everything that can be wrong with the input is found here, before any long work.
        List<BenchCatalog.Entry> selected = BenchCatalog.select(Plan.filter(filter));
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("--filter '" + filter + "' matches no benchmark; ids look like "
                    + "alloc-free/ours, clone-free/netty-adaptive-heap, scaling/new-byte-array");
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        List<Integer> threads = profile.threads(cpus);
        List<Batch> batches = batches(selected, threads);
        List<String> missing = missingFromBuild(batches);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("this build's benchmark list (META-INF/BenchmarkList) lacks " + missing
                    + ": rebuild the jar (./skbstress rebuilds it when a source is newer)");
        }
        Path dir = report != null ? report : RunCommand.defaultReportDir("skbstress-bench");
        Path made = dir.toAbsolutePath().normalize(); // the outermost folder the writability probe creates
        while (made.getParent() != null && !Files.exists(made.getParent())) {
            made = made.getParent();
        }
        boolean existed = Files.exists(made);
        RunCommand.requireWritable(dir);

        PrintStream out = System.out;
        int count = batches.stream().mapToInt(b -> b.benchmarks().size()).sum();
        out.printf(Locale.ROOT, "skbstress bench: profile %s (%s), %d benchmarks (threads %s), about %s%n",
                profile.label(), profile.describe(), count, threads, Budget.format(estimate(batches)));
        out.println("  report: " + dir.toAbsolutePath().normalize());
        if (dryRun) {
            for (Batch b : batches) {
                b.benchmarks().forEach(n -> out.println("  " + n + (b.threads() == 0 ? "" : " -t " + b.threads())));
            }
            if (!existed) { // the writability probe made these folders; a dry run leaves nothing behind
                for (Path p = dir.toAbsolutePath().normalize(); p.startsWith(made); p = p.getParent()) {
                    Files.deleteIfExists(p);
                }
            }
            return 0;
        }
        try (java.util.stream.Stream<Path> old = Files.list(dir)) { // an earlier run's results are not this run's
            for (Path f : old.filter(f -> f.getFileName().toString().matches("jmh-result.*\\.json")).toList()) {
                Files.delete(f);
            }
        }

        String started = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19);
        long t0 = System.nanoTime();
        for (Batch b : batches) {
            new Runner(options(b, dir).build()).run();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Set<String> planned = new LinkedHashSet<>();
        selected.forEach(e -> planned.add(e.id()));
        BenchReport.Run run = new BenchReport.Run(Tests.commandLine(spec), profile.label(), profile.describe(), threads, cpus,
                started, seconds, Environment.version(org.openjdk.jmh.Main.class, "Jmh-Version"),
                Environment.version(io.netty.buffer.ByteBuf.class, "Netty-Version"), Environment.probe(), planned);
        BenchResults results = write(dir, run);
        out.println();
        out.print(table(results, planned, threads));
        out.printf(Locale.ROOT, "%nbench: %d benchmarks in %s; report: %s%n", count,
                Budget.format(Duration.ofSeconds(Math.round(seconds))), dir.resolve("index.html").toAbsolutePath()
                        .normalize());
        List<String> failed = failed(batches, results);
        if (!failed.isEmpty()) {
            out.println("bench: no result from " + failed + " (JMH's output above says why)");
            return Main.FAILED;
        }
        return 0;
    }

    /** Each benchmark of a batch that gave no result in that batch's own invocation, with its thread count. */
    static List<String> failed(List<Batch> batches, BenchResults results) {
        List<String> failed = new ArrayList<>();
        for (Batch b : batches) {
            for (String n : b.benchmarks()) {
                if ((b.threads() == 0 ? results.single(n) : results.at(n, b.threads())).isEmpty()) {
                    failed.add(n + (b.threads() == 0 ? "" : " -t " + b.threads()));
                }
            }
        }
        return failed;
    }

    /**
     * The JMH invocations: every selected benchmark as annotated (one thread, or its group), then the scaling
     * benchmarks again at each thread count above one (JMH's -t applies to a whole invocation).
     */
    static List<Batch> batches(List<BenchCatalog.Entry> selected, List<Integer> threads) {
        List<Batch> out = new ArrayList<>();
        out.add(new Batch(List.copyOf(BenchCatalog.benchmarks(selected)), 0, "jmh-result.json"));
        List<BenchCatalog.Entry> scaling = selected.stream().filter(e -> e.path().equals(BenchCatalog.SCALING.id()))
                .toList();
        for (int t : threads) {
            if (t > 1 && !scaling.isEmpty()) {
                out.add(new Batch(List.copyOf(BenchCatalog.benchmarks(scaling)), t, "jmh-result-threads-" + t
                        + ".json"));
            }
        }
        return out;
    }

    /** The names no benchmark in this class path's JMH list carries. */
    static List<String> missingFromBuild(List<Batch> batches) throws IOException {
        Set<String> known = new LinkedHashSet<>();
        try (InputStream in = BenchCommand.class.getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
            if (in != null) {
                for (BenchmarkListEntry e : BenchmarkList.readBenchmarkList(in)) {
                    known.add(e.getUsername());
                }
            }
        }
        List<String> missing = new ArrayList<>();
        batches.forEach(b -> b.benchmarks().stream().filter(n -> !known.contains(n) && !missing.contains(n))
                .forEach(missing::add));
        return missing;
    }

    Duration estimate(List<Batch> batches) {
        double s = 0;
        for (Batch b : batches) {
            s += 1 + b.benchmarks().size() * profile.secondsPerBenchmark(); // JMH's own start per invocation
        }
        return Duration.ofSeconds(Math.round(s));
    }

    /** JMH's options for one batch: the profile's iterations, the gc profiler, JSON results into the folder. */
    ChainedOptionsBuilder options(Batch b, Path dir) {
        ChainedOptionsBuilder o = new OptionsBuilder().forks(profile.forks)
                .warmupIterations(profile.warmupIterations).warmupTime(TimeValue.milliseconds(profile.warmupMillis))
                .measurementIterations(profile.measurementIterations)
                .measurementTime(TimeValue.milliseconds(profile.measurementMillis))
                .addProfiler(GCProfiler.class).resultFormat(ResultFormatType.JSON)
                .result(dir.resolve(b.resultFile()).toString());
        // exact names: SkbBenchmarks.skbAllocFree must not also select skbAllocFreeTwoThreads
        b.benchmarks().forEach(n -> o.include("^" + Pattern.quote(n) + "$"));
        if (b.threads() > 0) {
            o.threads(b.threads());
        }
        return o;
    }

    /** environment.json and index.html, from JMH's JSON files in the folder. */
    static BenchResults write(Path dir, BenchReport.Run run) throws IOException {
        JSON.writeValue(dir.resolve("environment.json").toFile(), run);
        BenchResults results = BenchResults.read(dir);
        Files.writeString(dir.resolve("index.html"), BenchReport.html(run, results), StandardCharsets.UTF_8);
        return results;
    }

    /** The console's table: per path each subject's ns/op and B/op, and ours against the best peer. */
    static String table(BenchResults r, Set<String> planned, List<Integer> threads) {
        StringBuilder s = new StringBuilder();
        for (BenchCatalog.Path p : BenchCatalog.PATHS) {
            s.append(p.title()).append('\n');
            for (BenchCatalog.Entry e : p.entries()) {
                Optional<BenchResults.Score> x = r.single(e.benchmark());
                s.append(String.format(Locale.ROOT, "  %-36s %24s %10s B/op%s%n", e.subject().label(),
                        x.map(BenchReport::timeWithError).orElse(planned.contains(e.id()) ? "no result" : "not run"),
                        x.map(v -> BenchReport.bytes(v.bytesPerOp())).orElse(""),
                        x.filter(BenchResults.Score::noisy).map(v -> "  (" + BenchReport.flag(v) + ")").orElse("")));
            }
            r.compare(p, planned).ifPresent(k -> s.append("  ratio ").append(BenchReport.ratio(k.ratio())).append(": ")
                    .append(BenchReport.verdict(k)).append('\n'));
        }
        BenchCatalog.Path sc = BenchCatalog.SCALING;
        s.append(sc.title()).append('\n');
        for (BenchCatalog.Entry e : sc.entries()) {
            for (int t : threads) {
                r.at(e.benchmark(), t).ifPresent(x -> s.append(String.format(Locale.ROOT, "  %-36s %2d threads %24s%n",
                        e.subject().label(), t, BenchReport.timeWithError(x))));
            }
        }
        return s.toString();
    }

}
