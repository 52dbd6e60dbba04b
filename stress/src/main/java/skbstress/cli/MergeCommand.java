package skbstress.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merges the report folders of a sharded campaign (run --shard i/n on each machine) into "
                + "one report. Exit code 1 when any shard failed. Reads reports of every schema version.",
                "A soak runs in every shard on that shard's seeds; its rows are kept per shard."})
final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "The shards' report folders.")
    List<Path> shards;

    @Option(names = {"-o", "--into"}, required = true, paramLabel = "DIR", description = "The merged report folder.")
    Path into;

    @Override
    public Integer call() throws IOException {
        RunCommand.requireWritable(into);
        List<RunReport> reports = new ArrayList<>();
        for (Path d : shards) {
            try {
                reports.add(ReportWriter.read(d));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read shard report " + d + ": " + e.getMessage());
            }
        }
        List<RunReport.TestReport> tests = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        double seconds = 0;
        for (int i = 0; i < reports.size(); i++) {
            RunReport r = reports.get(i);
            seconds = Math.max(seconds, r.seconds()); // shards run side by side
            Path from = shards.get(i);
            for (RunReport.TestReport t : r.tests()) {
                String id = t.kind().equals("soak") ? t.id() + " [shard " + r.shard() + "]" : t.id();
                if (!seen.add(id)) {
                    throw new IllegalArgumentException(id + " is in two of the reports: merge each shard once");
                }
                String link = t.link() == null || t.link().isEmpty() ? t.link()
                        : into.toAbsolutePath().normalize().relativize(from.resolve(t.link()).toAbsolutePath().normalize())
                        .toString();
                tests.add(new RunReport.TestReport(id, t.kind(), t.area(), t.protects(), t.canary(), t.status(),
                        t.samples(), t.unit(), t.seconds(), t.summary(), t.details(), t.replay(), t.histogram(), link,
                        t.configurations(), t.leakReport()));
            }
        }
        tests.sort(java.util.Comparator.comparing(RunReport.TestReport::id));
        RunReport first = reports.get(0);
        if (reports.stream().map(RunReport::subject).distinct().count() > 1) {
            throw new IllegalArgumentException("the reports checked different subjects ("
                    + String.join(", ", reports.stream().map(RunReport::subject).distinct().toList())
                    + "): merge the shards of one subject's run");
        }
        // shards run side by side: the campaign took its slowest shard's time, and overran by its worst overrun
        double over = reports.stream().mapToDouble(RunReport::overBudgetSeconds).max().orElse(0);
        RunReport.Hang hang = reports.stream().map(RunReport::hang).filter(java.util.Objects::nonNull).findFirst()
                .orElse(null);
        RunReport merged = new RunReport(RunReport.SCHEMA, "skbstress", "merge of " + reports.size() + " shards: "
                + reports.stream().map(RunReport::command).distinct().toList(), first.profile(),
                reports.size() + " shards", first.seed(), first.budget(), first.budgetSeconds(), first.started(),
                seconds, over, RunReport.verdictOf(tests), first.environment(), hang, tests, first.subject(),
                first.notApplicable());
        ReportWriter.write(into, merged);
        Summary.print(System.out, merged, into, false);
        return merged.verdict().equals("PASS") ? 0 : Main.FAILED;
    }
}
