package skbstress.cli;

import static skbstress.cli.Ran.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Fork;

/**
 * {@code skbstress bench} without JMH: bad input refused with exit 2 before any work, the plan of each profile
 * (every benchmark it names is in this build's JMH list, quick fits its four minutes), and the catalog's shape.
 * Every command line here carries --dry-run, so that an input wrongly accepted ends the test at once instead of
 * starting minutes of JMH.
 */
class BenchCommandTest {
    @TempDir
    Path tmp;


    @Test
    void badInputIsRefusedWithExitTwoBeforeAnyWork() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path never = tmp.resolve("never");
        record Case(String why, String expect, String... args) {}
        List<Case> cases = List.of(
                new Case("unknown option", "Unknown options: '--threads', '4'", "bench", "--threads", "4"),
                new Case("unknown profile", "Invalid value for option '--profile'", "bench", "--profile", "slow"),
                new Case("broken regex", "is not a regular expression", "bench", "--filter", "(["),
                new Case("filter matching nothing", "matches no benchmark", "bench", "--filter", "no-such-path"),
                new Case("unwritable report folder", "cannot write the report", "bench", "--report",
                        file.resolve("below-a-file").toString()),
                new Case("a stray argument", "Unmatched argument", "bench", "alloc-free"));
        for (Case c : cases) {
            List<String> args = new ArrayList<>(List.of(c.args()));
            if (!args.contains("--report")) {
                args.addAll(List.of("--report", never.toString()));
            }
            args.add("--dry-run");
            long t0 = System.nanoTime();
            Ran r = run(args.toArray(String[]::new));
            assertThat(r.exit()).as("%s: %s%s", c.why(), r.out(), r.err()).isEqualTo(Main.BAD_INPUT);
            assertThat(r.err()).as(c.why()).contains(c.expect());
            assertThat(r.out()).as("%s: no plan printed", c.why()).doesNotContain("skbstress bench: profile");
            assertThat((System.nanoTime() - t0) / 1e9).as("%s refused at once", c.why()).isLessThan(5);
        }
        assertThat(never).as("nothing run: no report folder").doesNotExist();
    }

    @Test
    void everyBenchmarkTheQuickProfileNamesIsInTheBuildsBenchmarkList() throws Exception {
        List<BenchCommand.Batch> quick = BenchCommand.batches(BenchCatalog.select(Pattern.compile("")),
                BenchProfile.QUICK.threads(2));
        Set<String> named = new HashSet<>();
        quick.forEach(b -> named.addAll(b.benchmarks()));
        assertThat(named).as("quick names every benchmark of the catalog").containsExactlyInAnyOrderElementsOf(
                BenchCatalog.all().stream().flatMap(p -> p.entries().stream()).map(BenchCatalog.Entry::benchmark)
                        .distinct().toList());
        assertThat(named).hasSizeGreaterThanOrEqualTo(16);
        assertThat(BenchCommand.missingFromBuild(quick)).as("benchmarks absent from META-INF/BenchmarkList").isEmpty();
        // and the check sees a name the build lacks
        assertThat(BenchCommand.missingFromBuild(List.of(new BenchCommand.Batch(
                List.of("skbstress.bench.SkbBenchmarks.noSuchBenchmark"), 0, "x.json"))))
                .containsExactly("skbstress.bench.SkbBenchmarks.noSuchBenchmark");
    }

    @Test
    void aDryRunPrintsThePlanAndLeavesNothingBehind() {
        Path dir = tmp.resolve("dry");
        Ran r = run("bench", "--profile", "quick", "--report", dir.toString(), "--dry-run");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("profile quick", "skbstress.bench.SkbBenchmarks.skbAllocFree -t 2",
                "skbstress.bench.CrossThreadBenchmarks.skbCrossThreadFree", "skbstress.bench.SkbBenchmarks.newByteArray");
        assertThat(dir).doesNotExist();
        Ran f = run("bench", "--filter", "^slab-alloc-free/", "--report", dir.toString(), "--dry-run");
        assertThat(f.exit()).as(f.out() + f.err()).isZero();
        assertThat(f.out()).contains("2 benchmarks", "slabAllocFree", "nettyRecyclerGetRecycle")
                .doesNotContain("skbAllocFree");
    }

    @Test
    void theQuickProfileFitsInFourMinutesAndFullMeasuresEveryCpu() {
        List<BenchCatalog.Entry> all = BenchCatalog.select(Pattern.compile(""));
        for (int cpus : new int[] {1, 2, 64}) {
            BenchCommand c = new BenchCommand();
            c.profile = BenchProfile.QUICK;
            assertThat(c.estimate(BenchCommand.batches(all, BenchProfile.QUICK.threads(cpus))).toSeconds())
                    .as("quick on %d CPUs", cpus).isLessThan(220); // 20 s left for JMH's and the JVM's start
        }
        assertThat(BenchProfile.QUICK.threads(8)).containsExactly(1, 2);
        assertThat(BenchProfile.FULL.threads(8)).containsExactly(1, 2, 8);
        assertThat(BenchProfile.FULL.threads(2)).containsExactly(1, 2);
        assertThat(BenchProfile.FULL.forks).isGreaterThan(BenchProfile.QUICK.forks);
        assertThat(BenchProfile.FULL.measurementIterations * BenchProfile.FULL.measurementMillis)
                .isGreaterThan(BenchProfile.QUICK.measurementIterations * BenchProfile.QUICK.measurementMillis);
    }

    @Test
    void everyPathNamesEverySubjectOnceEitherMeasuredOrLeftOutWithWhy() {
        Set<BenchCatalog.Subject> subjects = Set.of(BenchCatalog.OURS, BenchCatalog.ADAPTIVE_HEAP,
                BenchCatalog.ADAPTIVE_DIRECT, BenchCatalog.POOLED_HEAP, BenchCatalog.POOLED_DIRECT,
                BenchCatalog.RECYCLER, BenchCatalog.BYTE_ARRAY);
        for (BenchCatalog.Path p : BenchCatalog.PATHS) {
            List<BenchCatalog.Subject> named = new ArrayList<>();
            p.entries().forEach(e -> named.add(e.subject()));
            named.addAll(p.notApplicable().keySet());
            assertThat(named).as(p.id()).doesNotHaveDuplicates().containsAll(subjects);
            assertThat(p.entries()).as(p.id()).anyMatch(e -> e.subject() == BenchCatalog.OURS)
                    .anyMatch(e -> e.subject().kind() == BenchCatalog.Kind.PEER);
            assertThat(p.notApplicable().values()).as(p.id()).allMatch(why -> why.length() > 10);
        }
    }

    /**
     * A benchmark whose as-annotated invocation gave nothing failed, even when its scaling invocation at 2 threads
     * gave a result: that one is not the figure the paths compare.
     */
    @Test
    void aBenchmarkWithOnlyAScalingResultFailed() {
        List<BenchCommand.Batch> batches = BenchCommand.batches(BenchCatalog.select(Pattern.compile("^scaling/ours$")),
                List.of(1, 2));
        String skb = "skbstress.bench.SkbBenchmarks.skbAllocFree";
        BenchResults onlyAtTwo = new BenchResults(List.of(),
                List.of(new BenchResults.Score(skb, 2, 44, 1, "ns/op", 0)));
        assertThat(onlyAtTwo.single(skb)).as("not the as-annotated figure").isEmpty();
        assertThat(BenchCommand.failed(batches, onlyAtTwo)).containsExactly(skb);
        BenchResults both = new BenchResults(List.of(new BenchResults.Score(skb, 1, 46, 1, "ns/op", 0)),
                List.of(new BenchResults.Score(skb, 2, 44, 1, "ns/op", 0)));
        assertThat(BenchCommand.failed(batches, both)).isEmpty();
    }

    /** Netty's leak detector off and its FastThreadLocal threads on, in every fork the command starts. */
    @Test
    void everyBenchmarkForksWithTheSharedJvmArguments() throws Exception {
        for (String name : BenchCatalog.benchmarks(BenchCatalog.select(Pattern.compile("")))) {
            Class<?> c = Class.forName(name.substring(0, name.lastIndexOf('.')));
            Fork f = c.getAnnotation(Fork.class);
            assertThat(f).as(name).isNotNull();
            assertThat(f.jvmArgsAppend()).as(name).contains("-Djmh.executor=CUSTOM",
                    "-Dio.netty.leakDetection.level=disabled", "-Xmn64m");
        }
    }
}
