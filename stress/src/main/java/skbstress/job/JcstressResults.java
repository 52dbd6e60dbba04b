package skbstress.job;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.ReportUtils;
import org.openjdk.jcstress.infra.grading.TestGrading;
import org.openjdk.jcstress.infra.runners.TestConfig;
import org.openjdk.jcstress.vm.CompileMode;
import skbstress.job.JcstressRun.Config;
import skbstress.job.JcstressRun.Outcome;
import skbstress.job.JcstressRun.Verdict;

/**
 * Reads jcstress's own results file ({@code jcstress-results-*.bin.gz}: every fork's result, written by
 * the jcstress JVM as it runs and complete when it exits) and grades each configuration with jcstress's
 * own grading, which needs jcstress's test list ({@code META-INF/TestList}) on this class path.
 */
final class JcstressResults {
    private JcstressResults() {}

    /** One test's configurations and outcomes, by test class name. */
    record Graded(List<Config> configs, List<Outcome> outcomes) {}

    static Map<String, Graded> read(Path blob) throws IOException {
        InProcessCollector sink = new InProcessCollector();
        DiskReadCollector in = new DiskReadCollector(blob.toString(), sink);
        try {
            in.dump();
        } catch (ClassNotFoundException e) {
            throw new IOException("the results file names a class this program lacks: " + e.getMessage(), e);
        } finally {
            in.close();
        }
        Map<String, List<Config>> configs = new TreeMap<>();
        Map<String, Map<String, Outcome>> outcomes = new TreeMap<>();
        // one record per fork: forks of one configuration are merged, as jcstress's own report does
        for (TestResult r : ReportUtils.mergedByConfig(sink.getTestResults())) {
            Map<String, Outcome> byId = outcomes.computeIfAbsent(r.getName(), k -> new LinkedHashMap<>());
            configs.computeIfAbsent(r.getName(), k -> new ArrayList<>()).add(config(r, byId));
        }
        Map<String, Graded> out = new TreeMap<>();
        configs.forEach((name, list) -> out.put(name, new Graded(List.copyOf(list),
                List.copyOf(outcomes.get(name).values()))));
        return out;
    }

    /** One configuration's verdict and counts; adds its outcomes to {@code byId}. */
    private static Config config(TestResult r, Map<String, Outcome> byId) {
        TestConfig cfg = r.getConfig();
        String jvmArgs = String.join(" ", cfg.jvmArgs);
        String mode = CompileMode.description(cfg.getCompileMode(), cfg.actorNames).trim()
                .replaceAll("\\s*\\n\\s*", ", ");
        long samples = 0;
        for (String state : r.getStateKeys()) {
            samples += r.getCount(state);
        }
        List<String> messages = new ArrayList<>(r.getMessages());
        if (r.status() != Status.NORMAL) {
            messages.addAll(r.getVmErr());
            for (String state : r.getStateKeys()) {
                byId.merge(state, new Outcome(state, r.getCount(state), "Unknown", ""), JcstressResults::sum);
            }
            return new Config(jvmArgs, mode, Verdict.ERROR, ReportUtils.statusToLabel(r), samples, 0,
                    List.copyOf(messages));
        }
        TestGrading g = r.grading();
        long forbidden = 0;
        for (GradingResult gr : g.gradingResults.values()) {
            if (gr.expect == Expect.FORBIDDEN) {
                forbidden += gr.count;
            }
            if (gr.count > 0) {
                byId.merge(gr.id, new Outcome(gr.id, gr.count, expect(gr.expect), gr.description),
                        JcstressResults::sum);
            }
        }
        messages.addAll(g.failureMessages);
        Verdict v = g.isPassed ? Verdict.OK : Verdict.FAILED;
        return new Config(jvmArgs, mode, v, v.name(), samples, forbidden, List.copyOf(messages));
    }

    private static Outcome sum(Outcome a, Outcome b) {
        return new Outcome(a.id(), a.samples() + b.samples(), a.expect().equals("Unknown") ? b.expect() : a.expect(),
                a.description().isEmpty() ? b.description() : a.description());
    }

    /** The expectation in the words of jcstress's console ({@code Expect}'s own names are upper case). */
    private static String expect(Expect e) {
        return switch (e.name()) {
            case "ACCEPTABLE" -> "Acceptable";
            case "ACCEPTABLE_INTERESTING" -> "Interesting";
            case "FORBIDDEN" -> "Forbidden";
            default -> e.name().charAt(0) + e.name().substring(1).toLowerCase(Locale.ROOT);
        };
    }
}
