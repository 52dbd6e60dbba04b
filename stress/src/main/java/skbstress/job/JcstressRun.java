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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the jcstress jar in a child JVM (jcstress forks its own JVMs anyway) and reads each test's verdict
 * from its console: the worst over the test's configurations, ERROR over FAILED over OK. The console goes
 * to {@code jcstress.log} in the work folder, and each line to a listener (the progress display).
 */
public final class JcstressRun {
    /** A test's verdict over all its configurations. */
    public enum Verdict { OK, FAILED, ERROR }

    /** What a run found. {@code verdicts} is by test class name; a test jcstress did not report is absent. */
    public record Result(int exitCode, boolean timedOut, Map<String, Verdict> verdicts, List<String> forbidden,
                         Path log, Duration took) {}

    private static final Pattern VERDICT = Pattern.compile("\\[(OK|FAILED|ERROR)\\]\\s+(skbstress\\.races\\.\\S+)");
    private static final Pattern FORBIDDEN = Pattern.compile("^(skbstress\\.races\\.\\S+) .*Observed forbidden state");

    private JcstressRun() {}

    /** The options of a short pass over every test: about 3 s per test on 2 cores. */
    public static List<String> sanityOptions() {
        return List.of("-m", "sanity", "-time", "100", "-iters", "1");
    }

    /**
     * Runs the tests matching {@code selector} with {@code options}, in {@code workDir} (jcstress writes its
     * result blob and {@code results/} there), killing the run after {@code timeout}.
     */
    public static Result run(Path jar, String selector, List<String> options, Path workDir, Duration timeout,
                             Consumer<String> lines) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no jcstress jar at " + jar + " (build it: mvn -pl stress -am package)");
        }
        Files.createDirectories(workDir);
        Path log = workDir.resolve("jcstress.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString(), "-t", selector, "-r", workDir.resolve("results").toString()));
        cmd.addAll(options);
        if (!options.contains("-v")) {
            cmd.add("-v"); // without it jcstress names only the tests that failed
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        Map<String, Verdict> verdicts = new TreeMap<>();
        List<String> forbidden = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.println(line);
                    Matcher m = VERDICT.matcher(line);
                    if (m.find()) {
                        Verdict v = Verdict.valueOf(m.group(1));
                        synchronized (verdicts) {
                            verdicts.merge(m.group(2), v, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                        }
                    }
                    if (FORBIDDEN.matcher(line).find()) {
                        synchronized (forbidden) {
                            forbidden.add(line);
                        }
                    }
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
        synchronized (verdicts) {
            return new Result(done ? p.exitValue() : -1, !done, new TreeMap<>(verdicts), List.copyOf(forbidden), log,
                    Duration.ofNanos(System.nanoTime() - t0));
        }
    }
}
