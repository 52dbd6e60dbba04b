package skbstress.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged job as users run it (the launcher runs this jar): a jcstress race and its canary and one
 * Lincheck scenario through {@code java -jar skbstress.jar run --canaries}, which checks that the shaded
 * jar carries jcstress's test list, that Lincheck attaches its agent from it, and that a caught canary
 * passes the run.
 */
class SkbstressJarIT {
    private static final Path JAR = Path.of(System.getProperty("skbstress.job.jar", "target/skbstress.jar"));

    @Test
    void thePackagedJobRunsJcstressAndLincheckAndCatchesTheCanary() throws Exception {
        Path report = Path.of("target", "skbstress-jar-it");
        Path console = Files.createDirectories(Path.of("target")).resolve("skbstress-jar-it.log");
        // the child's output goes to a file, so that nothing blocks on a full pipe and the timeout below can fire
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+EnableDynamicAgentLoading", "-Xshare:off", "-jar", JAR.toString(), "run", "--canaries",
                "--filter", "jcstress:(Broken)?Users_01|lincheck:slab:stress", "--budget", "3m",
                "--report", report.toString())
                .redirectErrorStream(true).redirectOutput(console.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            fail("the packaged job ran past 5 minutes and was killed; its output:%n%s", Files.readString(console));
        }
        String out = Files.readString(console);
        System.out.println(out);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("(1 of 1 canaries caught)").contains("within its budget of 3m00s");
        RunReport r = ReportWriter.read(report);
        assertThat(r.tests()).extracting(RunReport.TestReport::id).containsExactly(
                "jcstress:BrokenUsers_01_PlainDecrement", "jcstress:Users_01_TwoHoldersFree", "lincheck:slab:stress");
        assertThat(r.tests()).extracting(RunReport.TestReport::status).containsExactly("CAUGHT", "PASS", "PASS");
        assertThat(r.tests().get(1).histogram()).extracting(RunReport.Bar::outcome)
                .contains("a-released", "b-released") // the outcomes by name, each a name of the race's table
                .allMatch(o -> skbstress.races.Users_01_TwoHoldersFree.NAMES.names().containsKey(o));
        // each race its own samples and time, per JVM configuration, from jcstress's results file
        RunReport.TestReport canary = r.tests().get(0);
        RunReport.TestReport race = r.tests().get(1);
        for (RunReport.TestReport t : List.of(canary, race)) {
            assertThat(t.configurations()).as(t.id()).isNotEmpty();
            assertThat(t.configurations().stream().mapToLong(RunReport.Configuration::samples).sum())
                    .as("%s: samples are the sum of its configurations'", t.id()).isEqualTo(t.samples());
            assertThat(t.seconds()).as(t.id()).isPositive().isLessThan(r.seconds());
        }
        assertThat(canary.seconds()).as("each race's time is its own, not the pass's time split evenly")
                .isNotEqualTo(race.seconds());
        assertThat(canary.configurations()).anyMatch(c -> c.forbidden() > 0 && c.status().equals("FAILED"));
        assertThat(r.environment().skbstressVersion()).isNotEqualTo("unknown");
        assertThat(r.environment().jcstressVersion()).isEqualTo("0.16");
        assertThat(r.environment().lincheckVersion()).isEqualTo("3.7");
        assertThat(Files.readString(report.resolve("index.html"))).contains("Samples per JVM configuration");
    }

    /**
     * A peer through the packaged job: Netty's pooled buffers run the capability races that apply to them
     * (their reference count and their derived views), the broken decorators of those capabilities are
     * caught, and the skb races are listed as not applicable, with why. This checks that the shaded jar
     * carries the subjects' ServiceLoader file and that jcstress's forked JVMs get the subject.
     */
    @Test
    void aPeerRunsWhatAppliesToItAndItsCanariesAreCaught() throws Exception {
        Path report = Path.of("target", "skbstress-jar-it-netty");
        Path console = Files.createDirectories(Path.of("target")).resolve("skbstress-jar-it-netty.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", "-jar", JAR.toString(), "run", "--subject", "netty-pooled", "--canaries", "--filter",
                "jcstress:(Broken)?(Ref|Views|Users)_01", "--budget", "3m", "--report", report.toString())
                .redirectErrorStream(true).redirectOutput(console.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            fail("the packaged job ran past 5 minutes and was killed; its output:%n%s", Files.readString(console));
        }
        String out = Files.readString(console);
        System.out.println(out);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("(2 of 2 canaries caught)").contains("Subject: netty-pooled");
        RunReport r = ReportWriter.read(report);
        assertThat(r.subject()).isEqualTo("netty-pooled");
        assertThat(r.tests()).extracting(RunReport.TestReport::id).containsExactly(
                "jcstress:BrokenRef_01_DecidedOnAStaleCount", "jcstress:BrokenViews_01_DeriveWithoutReference",
                "jcstress:Ref_01_TwoHoldersDrop", "jcstress:Views_01_TwoViewsDropped");
        assertThat(r.tests()).extracting(RunReport.TestReport::status).containsExactly("CAUGHT", "CAUGHT", "PASS",
                "PASS");
        assertThat(r.tests()).allMatch(t -> t.samples() > 0, "each ran samples");
        assertThat(r.notApplicable()).extracting(RunReport.NotApplicable::id).containsExactlyInAnyOrder(
                "jcstress:Users_01_TwoHoldersFree", "jcstress:BrokenUsers_01_PlainDecrement");
        assertThat(r.notApplicable()).allMatch(n -> n.why().equals("needs skb-ops, which netty-pooled does not "
                + "provide"), "each says why");
        assertThat(Files.readString(report.resolve("index.html"))).contains("run of netty-pooled")
                .contains("2 tests do not apply to netty-pooled");
    }

    /**
     * Item 13's livelock: the concurrent soak on an implementation whose depot retries for ever (a bound
     * check off by one, stress/src/mutants/slab-valid-off-by-one.mutant). No thread throws and none ends;
     * the watchdog must stop the run within its budget, with every thread's stack in the report.
     */
    @Test
    void aLivelockIsStoppedByTheWatchdogWithEveryThreadsStack() throws Exception {
        Path report = Path.of("target", "skbstress-jar-it-livelock");
        Path console = Files.createDirectories(Path.of("target")).resolve("skbstress-jar-it-livelock.log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", "-jar", JAR.toString(), "run", "--canaries", "--filter", "soak:concurrent-livelock",
                "--hang-after", "10s", "--budget", "1m", "--report", report.toString())
                .redirectErrorStream(true).redirectOutput(console.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            fail("the livelocked job ran past 3 minutes and was killed: the watchdog did not stop it; its output:%n%s",
                    Files.readString(console));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String out = Files.readString(console);
        System.out.println(out);
        assertThat(seconds).as("ended within its budget of a minute").isLessThan(60);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("CAUGHT").contains("made no progress for 10 s").contains("(1 of 1 canaries caught)");
        RunReport r = ReportWriter.read(report);
        assertThat(r.tests()).extracting(RunReport.TestReport::status).containsExactly("CAUGHT");
        assertThat(r.hang()).isNotNull();
        assertThat(r.hang().test()).isEqualTo("soak:concurrent-livelock");
        assertThat(r.hang().threadDump()).as("the soak's threads, spinning in the broken depot")
                .contains("skbstress.mutant.slab_valid_off_by_one.impl.slab.Depot.pop");
        assertThat(Files.readString(report.resolve("index.html"))).contains("id=\"hang\"");
    }
}
