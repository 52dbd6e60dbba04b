package skbstress.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import skbstress.job.JcstressRun;
import skbstress.job.Watchdog;

/** Runs jcstress races and turns jcstress's graded results into {@link RunReport.TestReport}s. */
final class JcstressTests {
    private static final String PACKAGE = "skbstress.races.";

    private JcstressTests() {}

    /**
     * One jcstress pass over {@code cases} (one child JVM tree, so its start is paid once), in
     * {@code workDir}; {@code reportDir} is where links are made relative to. Console lines are progress
     * for {@code watch}; if the watchdog declares the pass hung, jcstress's JVMs are dumped and killed.
     */
    static List<RunReport.TestReport> run(List<Catalog.TestCase> cases, List<String> options, Path workDir,
                                          Path reportDir, Duration timeout, Watchdog.Watch watch,
                                          Consumer<String> toolLines) throws Exception {
        JcstressRun.Result r = pass(cases, options, workDir, timeout, watch, toolLines);
        String opts = replayOptions(options);
        List<RunReport.TestReport> out = new ArrayList<>();
        // A canary whose window is a few instructions wide shows in about one sample in a hundred, and a short
        // pass takes a hundred or so per configuration: one that went unseen without a crash gets one more
        // pass alone at five times the time (as the test suite's JcstressIT grades them), and is graded by it.
        List<Catalog.TestCase> unseen = cases.stream().filter(c -> c.canary() && unseen(r.tests().get(c.target())))
                .toList();
        List<String> longer = longer(options);
        JcstressRun.Result again = unseen.isEmpty() || longer == null ? null
                : pass(unseen, longer, workDir.resolve("again"), timeout, watch, toolLines);
        for (Catalog.TestCase c : cases) {
            JcstressRun.Test t2 = again == null ? null : again.tests().get(c.target());
            out.add(t2 != null ? secondPass(report(c, t2, again, replayOptions(longer), workDir.resolve("again"),
                    reportDir)) : report(c, r.tests().get(c.target()), r, opts, workDir, reportDir));
        }
        return out;
    }

    /** A report of the second pass, which says so. */
    private static RunReport.TestReport secondPass(RunReport.TestReport t) {
        return new RunReport.TestReport(t.id(), t.kind(), t.area(), t.protects(), t.canary(), t.status(),
                t.samples(), t.unit(), t.seconds(),
                t.summary() + " (on a second pass alone at 5x the time: the first saw nothing forbidden)",
                t.details(), t.replay(), t.histogram(), t.link(), t.configurations(), t.leakReport());
    }

    /** A canary's first pass that ran samples, saw no forbidden outcome and did not crash. */
    private static boolean unseen(JcstressRun.Test t) {
        return t != null && t.verdict() == JcstressRun.Verdict.OK && t.samples() > 0
                && t.count(JcstressRun.Verdict.ERROR) == 0;
    }

    /** {@code options} with five times the time per configuration, or null when they set none. */
    static List<String> longer(List<String> options) {
        int i = options.indexOf("-time");
        if (i < 0 || i + 1 >= options.size()) {
            return null;
        }
        List<String> out = new ArrayList<>(options);
        out.set(i + 1, String.valueOf(Math.multiplyExact(Long.parseLong(options.get(i + 1)), 5L)));
        return out;
    }

    /** One jcstress run of {@code cases} with {@code options}, its console lines fed to the watch. */
    private static JcstressRun.Result pass(List<Catalog.TestCase> cases, List<String> options, Path workDir,
                                           Duration timeout, Watchdog.Watch watch, Consumer<String> toolLines)
            throws Exception {
        String selector = "^skbstress\\.races\\.(" + cases.stream().map(c -> c.target().substring(PACKAGE.length()))
                .collect(Collectors.joining("|")) + ")$";
        watch.current("jcstress: starting (probing the VM and the CPUs)");
        String[] last = {""};
        return JcstressRun.run(Tests.classPath(), selector, options, workDir, timeout,
                new JcstressRun.Listener() {
                    @Override
                    public void line(String line) {
                        watch.beat();
                        int[] done = JcstressRun.progress(line);
                        if (done != null && done[1] > 0) {
                            watch.fraction((double) done[0] / done[1]);
                        }
                        String test = JcstressRun.testOf(line);
                        if (test != null && !test.equals(last[0])) {
                            last[0] = test;
                            watch.current("jcstress: " + test.substring(PACKAGE.length()) + " (last result)");
                        }
                        toolLines.accept(line);
                    }

                    @Override
                    public void started(Process p) {
                        watch.dumpAlso(() -> childDumps(p));
                        watch.onHang(() -> JcstressRun.stop(p));
                    }
                });
    }

    static String replay(Catalog.TestCase c, String options) {
        String subject = "";
        int at = options.indexOf(SUBJECT_MARK);
        if (at >= 0) { // see replayOptions
            subject = " --subject " + options.substring(at + SUBJECT_MARK.length()).trim();
            options = options.substring(0, at).trim();
        }
        String path = System.getenv("SKBSTRESS_CLASSPATH");
        String env = subject.isEmpty() || path == null || path.isEmpty() ? "" : "SKBSTRESS_CLASSPATH=" + path + " ";
        return env + Tests.LAUNCHER + " replay jcstress " + c.target().substring(PACKAGE.length())
                + " --jcstress-options='" + options + "'" + subject;
    }

    /** Ends a report's options string with the subject a run named, which {@link #replay} passes as --subject. */
    private static final String SUBJECT_MARK = " --subject=";

    /**
     * The options that fork a subject's JVMs: the subject's name and its own options, as one value of
     * jcstress's {@code -jvmArgsPrepend}; none for ours.
     */
    static List<String> subjectOptions(String subject) {
        return forkOptions(subject, List.of());
    }

    /**
     * {@link #subjectOptions} followed by {@code extra} JVM options (the run's diagnostics), all in one value of
     * {@code -jvmArgsPrepend}: jcstress splits a single value at its spaces, but takes each of several whole.
     */
    static List<String> forkOptions(String subject, List<String> extra) {
        List<String> args = new ArrayList<>();
        if (!subject.equals(skbstress.subject.Subjects.DEFAULT)) {
            args.add("-D" + skbstress.races.Races.SUBJECT_PROPERTY + "=" + subject);
            args.addAll(skbstress.subject.Subjects.named(subject).jvmArgs());
        }
        args.addAll(extra);
        return args.isEmpty() ? List.of() : List.of("-jvmArgsPrepend", String.join(" ", args));
    }

    /**
     * A run's jcstress options as a report shows them: a subject's {@code -jvmArgsPrepend} (one value with
     * spaces, which a string of options cannot carry) becomes the subject's name at the end, which
     * {@link #replay} turns into {@code --subject}.
     */
    static String replayOptions(List<String> options) {
        List<String> plain = new ArrayList<>(options);
        String subject = null;
        int at = plain.indexOf("-jvmArgsPrepend");
        if (at >= 0 && at + 1 < plain.size()) {
            for (String a : plain.get(at + 1).split(" ")) {
                if (a.startsWith("-D" + skbstress.races.Races.SUBJECT_PROPERTY + "=")) {
                    subject = a.substring(a.indexOf('=') + 1);
                }
            }
            plain.remove(at + 1);
            plain.remove(at);
        }
        return String.join(" ", plain) + (subject == null ? "" : SUBJECT_MARK + subject);
    }

    /** One test's report from jcstress's graded result ({@code t} null: jcstress reported nothing for it). */
    static RunReport.TestReport report(Catalog.TestCase c, JcstressRun.Test t, JcstressRun.Result r, String options,
                                       Path workDir, Path reportDir) {
        String replay = replay(c, options);
        if (t == null) {
            String why = r.problem() != null ? r.problem() : "jcstress reported no result for it (exit "
                    + r.exitCode() + ")";
            return Tests.report(c, Tests.status(c, Tests.Finding.CRASH), 0, "samples", 0, why,
                    "console: " + r.log() + "\n" + Tests.tail(r.log()), replay, List.of(), "", List.of());
        }
        Map<String, String> meanings = meanings(c.target());
        List<RunReport.Bar> bars = t.outcomes().stream().map(o -> new RunReport.Bar(o.id(), o.samples(), o.expect(),
                meanings.getOrDefault(o.id(), meanings.getOrDefault("", o.description())))).toList();
        List<RunReport.Configuration> configs = t.configs().stream().map(k -> new RunReport.Configuration(k.jvmArgs(),
                k.compileMode(), k.samples(), k.forbidden(), k.status())).toList();
        int n = t.configs().size();
        Tests.Finding finding;
        String summary;
        switch (t.verdict()) {
            case OK -> {
                long interesting = t.outcomes().stream().filter(o -> o.expect().equals("Interesting"))
                        .mapToLong(JcstressRun.Outcome::samples).sum();
                finding = t.samples() == 0 ? Tests.Finding.CRASH : Tests.Finding.CLEAN;
                summary = t.samples() == 0 ? "ran nothing: 0 samples in " + n + " configurations"
                        : String.format(Locale.ROOT, "%d outcome%s seen in %d configurations, none forbidden%s",
                        t.outcomes().size(), t.outcomes().size() == 1 ? "" : "s", n, interesting > 0
                                ? String.format(Locale.ROOT, "; %,d interesting", interesting) : "");
            }
            case FAILED -> {
                finding = t.forbidden() > 0 ? Tests.Finding.MADE_FOR : Tests.Finding.OTHER_FAILURE;
                summary = t.forbidden() > 0
                        ? String.format(Locale.ROOT, "FORBIDDEN outcome seen %,d times in %d of %d configurations: %s",
                        t.forbidden(), t.count(JcstressRun.Verdict.FAILED), n, t.outcomes().stream()
                                .filter(o -> o.expect().equals("Forbidden")).map(o -> "(" + o.id() + ")")
                                .collect(Collectors.joining(" ")))
                        : "jcstress failed it without a forbidden outcome (an outcome outside its table?)";
            }
            default -> {
                finding = Tests.Finding.CRASH;
                summary = String.format(Locale.ROOT, "the test crashed or timed out in %d of %d configurations (%s)",
                        t.count(JcstressRun.Verdict.ERROR), n, t.configs().stream()
                                .filter(k -> k.verdict() == JcstressRun.Verdict.ERROR).map(JcstressRun.Config::status)
                                .distinct().collect(Collectors.joining(", ")));
            }
        }
        String status = Tests.status(c, finding);
        String link = Tests.relative(reportDir, workDir.resolve("results").resolve(c.target() + ".html"));
        return Tests.report(c, status, t.samples(), "samples", t.seconds(), Tests.canaryWords(status, summary),
                details(t), replay, bars, link, configs);
    }

    /** jcstress's messages of the configurations that did not pass, a few of them. */
    private static String details(JcstressRun.Test t) {
        Set<String> lines = new LinkedHashSet<>();
        for (JcstressRun.Config k : t.configs()) {
            if (k.verdict() != JcstressRun.Verdict.OK) {
                lines.add("[" + k.status() + "] " + k.jvmArgs() + "; " + k.compileMode());
                k.messages().stream().limit(6).forEach(m -> lines.add("    " + m));
            }
            if (lines.size() > 40) {
                break;
            }
        }
        return String.join("\n", lines);
    }

    /** A test's outcome descriptions in full, by outcome id; "" for the catch-all. */
    private static Map<String, String> meanings(String className) {
        Map<String, String> out = new HashMap<>();
        try {
            Class<?> test = Class.forName(className);
            for (org.openjdk.jcstress.annotations.Outcome o : skbstress.races.Races.outcomes(test)) {
                if (o.id().length == 0 || (o.id().length == 1 && o.id()[0].isEmpty())) {
                    out.put("", o.desc());
                }
                for (String id : o.id()) {
                    out.put(id, o.desc());
                }
            }
        } catch (ClassNotFoundException e) {
            // jcstress's descriptions stay
        }
        return out;
    }

    /** Thread dumps of jcstress's JVM and the JVMs it forked (they run the races), by jcmd. */
    static String childDumps(Process jcstress) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        StringBuilder out = new StringBuilder();
        List<ProcessHandle> jvms = new ArrayList<>();
        jvms.add(jcstress.toHandle());
        jcstress.descendants().forEach(jvms::add);
        for (ProcessHandle h : jvms) {
            out.append("\n===== jcstress JVM ").append(h.pid()).append(' ')
                    .append(h.info().commandLine().map(s -> s.length() > 300 ? s.substring(0, 300) + "..." : s)
                            .orElse("")).append('\n');
            try {
                // to a file: a JVM too stuck to answer must not block the watchdog on a pipe
                Path text = java.nio.file.Files.createTempFile("skbstress-jcmd", ".txt");
                Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(h.pid()), "Thread.print")
                        .redirectErrorStream(true).redirectOutput(text.toFile()).start();
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    out.append("(jcmd did not answer in 15 s)\n");
                }
                out.append(java.nio.file.Files.readString(text));
                java.nio.file.Files.delete(text);
            } catch (java.io.IOException e) {
                out.append("(no thread dump: ").append(e.getMessage()).append(")\n");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return out.toString();
    }

    /** The races a hang's dumps show running (the forked JVMs' stacks name the race's class). */
    static Set<String> hungIn(List<Catalog.TestCase> cases, String dump) {
        Set<String> out = new LinkedHashSet<>();
        for (Catalog.TestCase c : cases) {
            if (dump.contains(c.target() + "_") || dump.contains(c.target() + ".")) {
                out.add(c.id());
            }
        }
        return out;
    }
}
