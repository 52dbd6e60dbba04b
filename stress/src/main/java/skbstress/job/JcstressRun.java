package skbstress.job;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs jcstress in a child JVM (jcstress forks its own JVMs anyway, from the class path it is given) and
 * reads each test's verdict and outcome counts from its verbose console: the verdict is the worst over
 * the test's configurations (ERROR over FAILED over OK), the counts are summed over them. The console
 * goes to {@code jcstress.log} in the work folder, and each line to a listener (progress display).
 */
public final class JcstressRun {
    /** A test's verdict over all its configurations. */
    public enum Verdict { OK, FAILED, ERROR }

    /** One outcome of a test: samples over every configuration, its expectation and description. */
    public record Outcome(String id, long samples, String expect, String description) {}

    /** One test: its verdict, how many configurations ran, and its outcomes in the order first seen. */
    public record TestResult(Verdict verdict, int configurations, List<Outcome> outcomes) {
        public long samples() {
            return outcomes.stream().mapToLong(Outcome::samples).sum();
        }
    }

    /** What a run found; {@code tests} is by test class name (a test jcstress did not report is absent). */
    public record Result(int exitCode, boolean timedOut, Map<String, TestResult> tests, List<String> forbidden,
                         Path log, Path htmlReport, Duration took) {
        public Map<String, Verdict> verdicts() {
            Map<String, Verdict> out = new TreeMap<>();
            tests.forEach((k, v) -> out.put(k, v.verdict()));
            return out;
        }
    }

    private static final Pattern VERDICT = Pattern.compile("\\[(OK|FAILED|ERROR)\\]\\s+(skbstress\\.races\\.\\S+)");
    private static final Pattern FORBIDDEN = Pattern.compile("^(skbstress\\.races\\.\\S+) .*Observed forbidden state");
    private static final Pattern TABLE = Pattern.compile("^\\s+RESULT\\s+SAMPLES\\s+FREQ\\s+EXPECT\\s+DESCRIPTION");
    private static final Pattern ROW = Pattern.compile(
            "^\\s+(.+?)\\s+([\\d,]+)\\s+\\S*%\\s+(Acceptable|Forbidden|Interesting)\\s+(.*)$");
    private static final Pattern PROGRESS = Pattern.compile(
            "\\(Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs\\)");

    private JcstressRun() {}

    /** The options of a short pass over every test: about 6 s per test on 2 cores. */
    public static List<String> sanityOptions() {
        return List.of("-m", "sanity", "-time", "100", "-iters", "1");
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

    /** The test a console line reports a verdict for, or null. */
    public static String testOf(String line) {
        Matcher m = VERDICT.matcher(line);
        return m.find() ? m.group(2) : null;
    }

    /**
     * Runs the tests matching {@code selector} with {@code options} from {@code classPath} (a jar or class
     * path holding the tests and jcstress), in {@code workDir} (jcstress writes its result blob and
     * {@code results/} there), killing the run after {@code timeout}.
     */
    public static Result run(String classPath, String selector, List<String> options, Path workDir, Duration timeout,
                             Consumer<String> lines) throws IOException, InterruptedException {
        if (!classPath.contains(java.io.File.pathSeparator) && !Files.exists(Path.of(classPath))) {
            throw new IllegalArgumentException("no jcstress tests at " + classPath
                    + " (build them: mvn -B -pl stress -am package -DskipTests)");
        }
        Files.createDirectories(workDir);
        Path log = workDir.resolve("jcstress.log");
        Path results = workDir.resolve("results");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "org.openjdk.jcstress.Main", "-t", selector,
                "-r", results.toAbsolutePath().toString()));
        cmd.addAll(options);
        if (!options.contains("-v")) {
            cmd.add("-v"); // without it jcstress names only the tests that failed
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        Parser parser = new Parser();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.println(line);
                    parser.accept(line);
                    lines.accept(line);
                }
            } catch (IOException e) {
                lines.accept("reading jcstress's console failed: " + e);
            }
        }, "jcstress-console");
        reader.start();
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
        reader.join();
        return new Result(done ? p.exitValue() : -1, !done, parser.tests(), parser.forbidden(), log,
                results.resolve("index.html"), Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Reads the verbose console line by line; used by the reader thread only, then read after join. */
    private static final class Parser {
        private final Map<String, Verdict> verdicts = new TreeMap<>();
        private final Map<String, Integer> configurations = new TreeMap<>();
        private final Map<String, Map<String, Outcome>> outcomes = new TreeMap<>();
        private final List<String> forbidden = new ArrayList<>();
        private String current;
        private boolean inTable;

        void accept(String line) {
            Matcher v = VERDICT.matcher(line);
            if (v.find()) {
                current = v.group(2);
                verdicts.merge(current, Verdict.valueOf(v.group(1)), (a, b) -> a.compareTo(b) >= 0 ? a : b);
                configurations.merge(current, 1, Integer::sum);
                inTable = false;
                return;
            }
            if (FORBIDDEN.matcher(line).find()) {
                forbidden.add(line);
                return;
            }
            if (current != null && TABLE.matcher(line).find()) {
                inTable = true;
                return;
            }
            if (inTable) {
                Matcher r = ROW.matcher(line);
                if (!r.find()) {
                    inTable = false;
                    return;
                }
                long n = Long.parseLong(r.group(2).replace(",", ""));
                outcomes.computeIfAbsent(current, k -> new LinkedHashMap<>()).merge(r.group(1).trim(),
                        new Outcome(r.group(1).trim(), n, r.group(3), r.group(4).trim()),
                        (a, b) -> new Outcome(a.id(), a.samples() + b.samples(), a.expect(), a.description()));
            }
        }

        Map<String, TestResult> tests() {
            Map<String, TestResult> out = new TreeMap<>();
            verdicts.forEach((t, v) -> out.put(t, new TestResult(v, configurations.get(t),
                    List.copyOf(outcomes.getOrDefault(t, Map.of()).values()))));
            return out;
        }

        List<String> forbidden() {
            return List.copyOf(forbidden);
        }
    }
}
