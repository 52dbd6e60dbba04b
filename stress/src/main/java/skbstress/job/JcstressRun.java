package skbstress.job;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs jcstress in a child JVM (jcstress forks its own JVMs anyway, from the class path it is given) and
 * reads the verdicts from jcstress's own results file ({@link JcstressResults}), graded per configuration
 * (JVM arguments x compile mode): a test is ERROR if any configuration crashed or timed out, else FAILED
 * if any saw a forbidden outcome, else OK. The console goes to {@code jcstress.log} in the work folder and
 * each line to a listener; it is read for progress and for each test's time only, never for a verdict.
 */
public final class JcstressRun {
    /** A test's verdict, or one configuration's. */
    public enum Verdict { OK, FAILED, ERROR }

    /** One outcome of a test: samples over the configurations that saw it, its expectation and description. */
    public record Outcome(String id, long samples, String expect, String description) {}

    /**
     * One configuration of a test: JVM arguments, compile mode, verdict, jcstress's label for its status
     * (OK, FAILED, ERROR, TIMEOUT, VM ERROR...), samples, forbidden samples, and jcstress's messages.
     */
    public record Config(String jvmArgs, String compileMode, Verdict verdict, String status, long samples,
                         long forbidden, List<String> messages) {}

    /**
     * One test: its verdict over its configurations, the configurations, its outcomes, and the seconds
     * jcstress spent on it (the time between its configurations' results and the ones before them).
     */
    public record Test(String name, Verdict verdict, List<Config> configs, List<Outcome> outcomes, double seconds) {
        public long samples() {
            return configs.stream().mapToLong(Config::samples).sum();
        }

        public long forbidden() {
            return configs.stream().mapToLong(Config::forbidden).sum();
        }

        public long count(Verdict v) {
            return configs.stream().filter(c -> c.verdict() == v).count();
        }
    }

    /**
     * What a run found. {@code tests} is by test class name; a test jcstress did not report is absent,
     * and all are when the results file is missing or unreadable ({@code problem} then says why).
     * {@code startSeconds} is jcstress's start (probing the VM and the CPUs) before its first test.
     */
    public record Result(int exitCode, boolean timedOut, Map<String, Test> tests, Path resultsFile, String problem,
                         Path log, Path htmlReport, Duration took, double startSeconds) {
        public Map<String, Verdict> verdicts() {
            Map<String, Verdict> out = new TreeMap<>();
            tests.forEach((k, v) -> out.put(k, v.verdict()));
            return out;
        }
    }

    /** Receives the console, and the child process once it runs (so that a watchdog can stop it). */
    @FunctionalInterface
    public interface Listener {
        void line(String line);

        default void started(Process process) {}
    }

    private static final Pattern RESULT = Pattern.compile("\\[[A-Z][A-Z ]*\\]\\s+(skbstress\\.races\\.\\S+)");
    private static final Pattern BLOB = Pattern.compile("Test result blob: \"(.+)\"");
    private static final Pattern PROGRESS = Pattern.compile(
            "\\(Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs\\)");
    private static final String BLOB_NAME = "jcstress-results-.*\\.bin\\.gz";

    private JcstressRun() {}

    /**
     * The options of a short pass over every test, the quick profile's: each JVM configuration with the JIT
     * left alone (no split compilation), 200 ms each, about 1 s a test on 2 cores. Measured: every canary
     * failed in every configuration in one such pass (20 s for all 18), where the split-compilation sanity
     * mode took 9 s a test for a tenth of the samples and left some canaries unseen.
     */
    public static List<String> sanityOptions() {
        return List.of("-m", "sanity", "-sc", "false", "-time", "200", "-iters", "1");
    }

    /** Configurations done and planned, when a console line reports them; else null. */
    public static int[] progress(String line) {
        Matcher m = PROGRESS.matcher(line);
        if (!m.find()) {
            return null;
        }
        int done = 0;
        for (int g = 2; g <= 5; g++) {
            done += Integer.parseInt(m.group(g));
        }
        return new int[] {done, Integer.parseInt(m.group(1))};
    }

    /** The test a console line reports a configuration's result for, or null. */
    public static String testOf(String line) {
        Matcher m = RESULT.matcher(line);
        return m.find() ? m.group(1) : null;
    }

    /**
     * Runs the tests matching {@code selector} with {@code options} from {@code classPath} (a jar or class
     * path holding the tests and jcstress), in {@code workDir} (jcstress writes its results file and
     * {@code results/} there), killing the run after {@code timeout}.
     */
    public static Result run(String classPath, String selector, List<String> options, Path workDir, Duration timeout,
                             Listener listener) throws IOException, InterruptedException {
        String cp = absolute(classPath);
        Files.createDirectories(workDir);
        Path log = workDir.resolve("jcstress.log");
        Path results = workDir.resolve("results");
        Set<Path> before = blobs(workDir);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, "org.openjdk.jcstress.Main", "-t", selector, "-r", results.toAbsolutePath().toString()));
        cmd.addAll(options);
        if (!options.contains("-v")) {
            cmd.add("-v"); // a line per configuration: progress, and each test's time
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        listener.started(p);
        Console console = new Console(t0);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.println(line);
                    console.accept(line);
                    listener.line(line);
                }
            } catch (IOException e) {
                listener.line("reading jcstress's console failed: " + e);
            }
        }, "jcstress-console");
        reader.start();
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            stop(p);
        }
        reader.join();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        Path blob = console.blob == null ? null : workDir.resolve(console.blob);
        if (blob == null || !Files.isRegularFile(blob)) {
            blob = newest(workDir, before);
        }
        Map<String, Test> tests = new TreeMap<>();
        String problem = null;
        if (!done) {
            problem = "jcstress ran past " + timeout.toSeconds() + " s and was stopped";
        } else if (blob == null) {
            problem = "jcstress wrote no results file (exit " + p.exitValue() + ")";
        } else {
            try {
                JcstressResults.read(blob).forEach((name, g) -> tests.put(name, new Test(name, worst(g.configs()),
                        g.configs(), g.outcomes(), console.seconds.getOrDefault(name, 0.0))));
            } catch (IOException | RuntimeException e) {
                problem = "cannot read jcstress's results file " + blob + ": " + e;
            }
        }
        return new Result(done ? p.exitValue() : -1, !done, tests, blob, problem, log, results.resolve("index.html"),
                took, console.startSeconds());
    }

    /** Kills jcstress and the JVMs it forked. */
    public static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static Verdict worst(List<Config> configs) {
        return configs.stream().map(Config::verdict).max(Enum::compareTo).orElse(Verdict.ERROR);
    }

    /** jcstress runs in {@code workDir}: a relative class path would name the wrong place there. */
    private static String absolute(String classPath) {
        List<String> parts = new ArrayList<>();
        for (String part : classPath.split(Pattern.quote(File.pathSeparator))) {
            if (!part.isEmpty()) {
                parts.add(Path.of(part).toAbsolutePath().toString());
            }
        }
        if (parts.size() == 1 && !Files.exists(Path.of(parts.get(0)))) {
            throw new IllegalArgumentException("no jcstress tests at " + classPath
                    + " (build them: ./mvnw -B -pl stress -am package -DskipTests)");
        }
        return String.join(File.pathSeparator, parts);
    }

    private static Set<Path> blobs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().matches(BLOB_NAME)).collect(Collectors.toSet());
        }
    }

    /** The newest results file that was not there before the run, or null. */
    private static Path newest(Path dir, Set<Path> before) throws IOException {
        Set<Path> now = new HashSet<>(blobs(dir));
        now.removeAll(before);
        return now.stream().max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()))
                .orElse(null);
    }

    /**
     * What the console says about time: jcstress's start ends at the line naming its results file; each
     * configuration's result line closes the time since the result line before it, which is the time of
     * that configuration (jcstress on 2 cores runs one 2-actor configuration at a time).
     */
    private static final class Console {
        // written by the reader thread only, read after it is joined
        private final long t0;
        private final Map<String, Double> seconds = new TreeMap<>();
        private String blob;
        private long started;
        private long last;

        Console(long t0) {
            this.t0 = t0;
        }

        void accept(String line) {
            long now = System.nanoTime();
            Matcher b = BLOB.matcher(line);
            if (b.find()) {
                blob = b.group(1);
                started = now;
                last = now;
                return;
            }
            String test = testOf(line);
            if (test != null) {
                seconds.merge(test, (now - (last == 0 ? t0 : last)) / 1e9, Double::sum);
                last = now;
            }
        }

        double startSeconds() {
            return started == 0 ? 0 : (started - t0) / 1e9;
        }
    }
}
