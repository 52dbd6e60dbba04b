package skbstress.mutation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import skbstress.mutation.MutantSources.Mutant;

/**
 * One mutant's run: its changed sources compiled (against the jar, into a folder of its own), then the
 * tiers in child JVMs whose class path puts that folder first, so that the mutant's classes replace the
 * implementation's and every test of the jar runs on them unchanged. Tier 1 is {@link Probe} (seconds);
 * tier 2 is the whole quick job with --fail-fast.
 */
public final class MutantRun {
    /** What happened to a mutant. {@code tier} is 0 when it was not run, or did not compile. */
    public record Result(String id, String kind, String operator, String bug, String about, String diff,
                         String status, int tier, String test, String how, String detail, double detectSeconds,
                         double seconds) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String classPath;
    private final Path work;
    private final long tier2Seconds;

    /**
     * @param classPath the jar's class path (the children's, after the mutant's folder)
     * @param work a folder for the mutants' sources, classes and reports
     * @param tier2Seconds the job's budget in tier 2
     */
    public MutantRun(String classPath, Path work, long tier2Seconds) {
        this.classPath = classPath;
        this.work = work;
        this.tier2Seconds = tier2Seconds;
    }

    /**
     * The fast checks on the implementation itself (no mutant ahead of the jar): null when they pass, else
     * why not. A run whose baseline fails could judge no mutant: everything would look caught.
     */
    public String baseline() throws IOException, InterruptedException {
        Path dir = work.resolve("baseline");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path probe = dir.resolve("tier1.json");
        Child c = child(dir.resolve("tier1.log"), 180, classes, "skbstress.mutation.Probe", probe.toString(), "-");
        if (c.timedOut() || c.exit() != 0 || !Files.exists(probe)) {
            return c.timedOut() ? "they did not end within 180 s" : "their JVM died (exit " + c.exit() + "): " + c.tail();
        }
        JsonNode p = JSON.readTree(probe.toFile());
        return p.path("caught").asBoolean() ? p.path("test").asText() + " failed (" + p.path("how").asText() + "): "
                + p.path("detail").asText() : null;
    }

    public Result run(MutantSet set, Mutant m) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        String kind = MutantSet.kind(m).name().toLowerCase(java.util.Locale.ROOT);
        String diff = MutantSources.diff(set.sources, m);
        Path dir = work.resolve(m.id());
        Path classes = dir.resolve("classes");
        String compiled = compile(set.sources, m, dir.resolve("src"), classes);
        if (compiled != null) {
            return new Result(m.id(), kind, m.operator(), m.bug(), m.about(), diff, "STILLBORN", 0, "", "",
                    compiled, 0, secs(t0));
        }
        String areas = String.join(",", areas(m));
        // tier 1: the fast checks
        Path probe = dir.resolve("tier1.json");
        long t1 = System.nanoTime();
        Child c = child(dir.resolve("tier1.log"), 180, classes, "skbstress.mutation.Probe", probe.toString(),
                areas.isEmpty() ? "-" : areas);
        double tier1 = secs(t1);
        if (c.timedOut()) {
            return new Result(m.id(), kind, m.operator(), m.bug(), m.about(), diff, "CAUGHT", 1, "tier 1", "hang",
                    "the fast checks did not end within 180 s", tier1, secs(t0));
        }
        if (c.exit() != 0 || !Files.exists(probe)) {
            return new Result(m.id(), kind, m.operator(), m.bug(), m.about(), diff, "CAUGHT", 1, "tier 1", "crash",
                    "the fast checks' JVM died (exit " + c.exit() + "): " + c.tail(), tier1, secs(t0));
        }
        JsonNode p = JSON.readTree(probe.toFile());
        if (p.path("caught").asBoolean()) {
            return new Result(m.id(), kind, m.operator(), m.bug(), m.about(), diff, "CAUGHT", 1, p.path("test").asText(),
                    p.path("how").asText(), p.path("detail").asText(), tier1, secs(t0));
        }
        // tier 2: everything, cheapest first, stopping at the first failure
        Path report = dir.resolve("tier2");
        long t2 = System.nanoTime();
        c = child(dir.resolve("tier2.log"), tier2Seconds * 3 + 120, classes, "skbstress.cli.Main", "run",
                "--fail-fast", "--quiet", "--seed", "42", "--budget", tier2Seconds + "s", "--report", report.toString());
        double tier2 = secs(t2);
        Path summary = report.resolve("summary.json");
        if (!c.timedOut() && c.exit() == 2) { // the job refused its arguments: it judged nothing, caught nothing
            return new Result(m.id(), kind, m.operator(), m.bug(), m.about(), diff, "ERROR", 2, "tier 2", "",
                    "the quick job refused to run (exit 2): " + c.tail(), tier2, secs(t0));
        }
        if (c.timedOut() || !Files.exists(summary)) {
            return new Result(m.id(), kind, m.operator(), m.bug(), m.about(), diff, "CAUGHT", 2, "tier 2",
                    c.timedOut() ? "hang" : "crash", c.timedOut() ? "the job did not end in time" : "the job died (exit "
                    + c.exit() + "): " + c.tail(), tier2, secs(t0));
        }
        JsonNode s = JSON.readTree(summary.toFile());
        for (JsonNode t : s.path("tests")) {
            String status = t.path("status").asText();
            if (!status.equals("PASS") && !status.equals("SKIPPED") && !status.equals("CAUGHT")) {
                return new Result(m.id(), kind, m.operator(), m.bug(), m.about(), diff, "CAUGHT", 2, t.path("id").asText(),
                        how(t.path("kind").asText(), t.path("id").asText(), status), t.path("summary").asText(),
                        tier2, secs(t0));
            }
        }
        if (!s.path("verdict").asText().equals("PASS")) {
            return new Result(m.id(), kind, m.operator(), m.bug(), m.about(), diff, "CAUGHT", 2, "tier 2", "crash",
                    "verdict " + s.path("verdict").asText() + " with no failing test", tier2, secs(t0));
        }
        return new Result(m.id(), kind, m.operator(), m.bug(), m.about(), diff, "SURVIVED", 2, "", "",
                "passed the fast checks (" + String.join("; ", names(p.path("ran"))) + ") and the quick job ("
                        + s.path("tests").size() + " tests)", 0, secs(t0));
    }

    /** How a job's failing test caught it, in the report's words. */
    static String how(String kind, String id, String status) {
        if (status.equals("ERROR")) {
            return "crash";
        }
        if (status.equals("HUNG")) {
            return "hang";
        }
        return switch (kind) {
            case "jcstress" -> "forbidden outcome";
            case "lincheck" -> "non-linearizable";
            default -> id.equals("soak:differential") ? "differential mismatch" : "broken at quiescence";
        };
    }

    /** Compiles the files the mutant changes; null when they compiled, else the compiler's messages. */
    String compile(Map<String, String> sources, Mutant m, Path src, Path classes) throws IOException {
        Map<String, String> mutated;
        try {
            mutated = MutantSources.apply(sources, m);
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        List<String> files = new ArrayList<>();
        for (MutantSources.Hunk h : m.hunks()) {
            Path f = src.resolve(h.file());
            if (!files.contains(f.toString())) {
                Files.createDirectories(f.getParent());
                Files.writeString(f, mutated.get(h.file()), StandardCharsets.UTF_8);
                files.add(f.toString());
            }
        }
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime: run skbstress with a JDK");
        }
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classPath, "-proc:none",
                "-nowarn", "-encoding", "UTF-8", "--release", "17"));
        args.addAll(files);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int rc = javac.run(null, java.io.OutputStream.nullOutputStream(), err, args.toArray(String[]::new));
        return rc == 0 ? null : "does not compile: " + String.join("\n", err.toString(StandardCharsets.UTF_8).lines()
                .limit(6).toList());
    }

    record Child(int exit, boolean timedOut, Path log) {
        String tail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
            } catch (IOException e) {
                return "";
            }
        }
    }

    private Child child(Path log, long timeoutSeconds, Path classes, String main, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss4m", "-XX:+EnableDynamicAgentLoading", "-Dlincheck.logLevel=error", "-cp",
                classes.toAbsolutePath() + File.pathSeparator + classPath, main));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            return new Child(-1, true, log);
        }
        return new Child(p.exitValue(), false, log);
    }

    /** The race areas whose races go first for a mutant of these files. */
    static List<String> areas(Mutant m) {
        List<String> out = new ArrayList<>();
        for (MutantSources.Hunk h : m.hunks()) {
            String f = h.file();
            String[] a = f.contains("/slab/") ? new String[] {"Slab"}
                    : f.matches(".*(Ubuf|ZcSocket|DriverBuffer|ImplZeroCopy|Callbacks)\\.java") ? new String[] {"ZeroCopy"}
                    : f.matches(".*(PageMeta|ImplPages|ImplFrags|ImplCopies)\\.java") ? new String[] {"PageFlip", "Dataref"}
                    : f.matches(".*FclonePair\\.java") ? new String[] {"Fclone"}
                    : f.matches(".*Shinfo\\.java") ? new String[] {"Dataref"}
                    : f.matches(".*ImplGeometry\\.java") ? new String[] {"Geometry"}
                    : new String[] {"Users", "Fclone", "Dataref"};
            for (String x : a) {
                if (!out.contains(x)) {
                    out.add(x);
                }
            }
        }
        return out;
    }

    private static List<String> names(JsonNode ran) {
        List<String> out = new ArrayList<>();
        ran.forEach(n -> out.add(n.asText().replaceAll(" \\(.*", "")));
        return out.size() > 6 ? List.of(out.get(0), out.size() - 2 + " race sprints", out.get(out.size() - 1)) : out;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
