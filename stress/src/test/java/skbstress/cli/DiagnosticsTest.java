package skbstress.cli;

import static skbstress.cli.Ran.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skbstress.api.LeakLevel;
import skbstress.api.LeakReport;
import skbstress.api.SkbConfig;
import skbstress.impl.SkbImpl;
import skbstress.job.TestProgress;

/** run --leak-detection, --poison and --jfr: what the forks get, what the report carries, what the file holds. */
class DiagnosticsTest {
    @TempDir
    Path tmp;


    /** A report with a tracked leak and a misuse, in words that need escaping in HTML. */
    private static LeakReport madeUp() {
        LeakReport.Leak skb = new LeakReport.Leak(LeakReport.Kind.SKB, 0x8000_0000_0000_0001L, "users=1 len=100",
                new LeakReport.Origin("soak-7-1", 1_764_000_000_000L, List.of("skbstress.Foo.<init>(Foo.java:12)")),
                List.of(new LeakReport.Event("cloned", "soak-7-0", 3, List.of("skbstress.Foo.bar(Foo.java:20)"))), 2);
        LeakReport.Leak page = new LeakReport.Leak(LeakReport.Kind.PAGE, 0x40, "refcount=1", null, List.of(), 0);
        LeakReport.Misuse poison = new LeakReport.Misuse("POISON", "object 1f", "byte 3 is 0x00, not 0x6b & co",
                List.of(), page);
        return new LeakReport("paranoid", List.of(skb, page), List.of("live per cache: pages 1"), List.of(poison));
    }

    @Test
    void aTestsLeakReportIsInTheSummaryTheMergeAndTheHtml() throws Exception {
        LeakReport leaks = madeUp();
        JsonNode tree = LeakReports.tree(leaks);
        assertThat(LeakReports.report(tree)).as("JSON there and back").isEqualTo(leaks);
        assertThat(LeakReports.tree(new LeakReport("off", List.of(), List.of(), List.of()))).isNull();
        RunReport.TestReport failed = new RunReport.TestReport("soak:concurrent", "soak", "All", List.of("all"), false,
                "FAIL", 100, "operations", 1, "at quiescence: leak report", "leak report: ...", "replay", List.of(),
                "", List.of(), null).withLeakReport(tree);
        RunReport.TestReport clean = new RunReport.TestReport("soak:differential", "soak", "All", List.of("all"),
                false, "PASS", 100, "steps", 1, "agree", "", "replay", List.of(), "", List.of(), null);
        Path dir = tmp.resolve("report");
        Diagnostics diag = new Diagnostics(LeakLevel.PARANOID, true, null);
        ReportWriter.write(dir, new RunReport(RunReport.SCHEMA, "skbstress", "./skbstress run --leak-detection "
                + "paranoid --poison", "quick", "1/1", 1, "1m", 60, "2026-12-02T00:00:00", 10, 0, "FAIL",
                Environment.probe().withDiagnostics(diag), null, List.of(failed, clean), "skbstress", List.of()));

        JsonNode json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        JsonNode written = json.get("tests").get(0).get("leakReport");
        assertThat(written.get("level").asText()).isEqualTo("paranoid");
        assertThat(written.get("leaks").get(0).get("handle").asText()).isEqualTo("8000000000000001");
        assertThat(written.get("misuses").get(0).get("lastOwner").get("kind").asText()).isEqualTo("page");
        assertThat(json.get("tests").get(1).get("leakReport").isNull()).isTrue();
        assertThat(json.get("environment").get("diagnostics").asText()).isEqualTo("leak detection paranoid, "
                + "poisoning");
        RunReport back = ReportWriter.read(dir);
        assertThat(back.tests().get(0).leakReport()).isEqualTo(tree);
        assertThat(back.tests().get(1).leakReport()).as("JSON null reads as none").isNull();

        String html = Files.readString(dir.resolve("index.html"));
        int card = html.indexOf("<section id=\"t0\"");
        String section = html.substring(card, html.indexOf("</section>", card));
        assertThat(section).contains("<details class=\"leaks\"><summary>Leak report (2 objects still live, 1 misuse, "
                + "leak detection paranoid)</summary><pre>")
                .contains("skb 8000000000000001 users=1 len=100")
                .contains("at skbstress.Foo.&lt;init&gt;(Foo.java:12)")
                .contains("POISON of object 1f: byte 3 is 0x00, not 0x6b &amp; co")
                .contains("+3 ms cloned on soak-7-0 at skbstress.Foo.bar(Foo.java:20)");
        assertThat(html.indexOf("class=\"leaks\"")).as("one test's card only").isEqualTo(html.lastIndexOf(
                "class=\"leaks\""));
        assertThat(html).contains("<th>diagnostics</th><td>leak detection paranoid, poisoning</td>");

        Ran merged = run("merge", "--into", tmp.resolve("merged").toString(), dir.toString());
        assertThat(merged.exit()).as(merged.err()).isEqualTo(Main.FAILED);
        RunReport m = ReportWriter.read(tmp.resolve("merged"));
        assertThat(m.tests()).filteredOn(t -> t.id().startsWith("soak:concurrent")).singleElement()
                .extracting(RunReport.TestReport::leakReport).isEqualTo(tree);
        assertThat(Files.readString(tmp.resolve("merged").resolve("index.html"))).contains("class=\"leaks\"");
    }

    @Test
    void aSoakThatLeavesObjectsLiveCarriesTheImplementationsLeakReport() throws Exception {
        Catalog.TestCase soak = Catalog.all().stream().filter(c -> c.id().equals("soak:concurrent")).findFirst()
                .orElseThrow();
        // a page allocated before the soak and never freed: live at quiescence, with its allocation site
        RunReport.TestReport t = Tests.concurrent(soak, 1, Shard.WHOLE, Duration.ofSeconds(2), 2, 500,
                TestProgress.NONE, () -> {
                    SkbImpl leaky = new SkbImpl(SkbConfig.UNBOUNDED, LeakLevel.PARANOID);
                    leaky.allocPage();
                    return leaky;
                });
        assertThat(t.status()).isEqualTo("FAIL");
        assertThat(t.leakReport()).as(t.details()).isNotNull();
        assertThat(t.leakReport().get("level").asText()).isEqualTo("paranoid");
        assertThat(LeakReports.text(t.leakReport())).contains("1 object still live (leak detection paranoid)",
                "  page ", "DiagnosticsTest.lambda$");
        RunReport.TestReport ok = Tests.concurrent(soak, 1, Shard.WHOLE, Duration.ofMillis(500), 2, 500,
                TestProgress.NONE, SkbImpl::new);
        assertThat(ok.status()).as(ok.details()).isEqualTo("PASS");
        assertThat(ok.leakReport()).isNull();
    }

    /**
     * A scenario's quiescence check throws its leak report whole. (No scenario or canary of the suite fails at
     * that stage today: they fail on the snapshot or the invariants first, so this feeds the report in by hand.)
     */
    @Test
    void aScenarioFailingItsLeakCheckCarriesTheReport() {
        Catalog.TestCase c = Catalog.all().stream().filter(t -> t.id().equals("lincheck:refcount:model-checking"))
                .findFirst().orElseThrow();
        LeakReport leaks = madeUp();
        RunReport.TestReport t = LincheckTests.report(c, skbstress.lincheck.LincheckSuite.Profile.QUICK,
                new skbstress.lincheck.LeaksAtQuiescence("at quiescence: " + leaks.text(), leaks), 1);
        assertThat(t.leakReport()).isEqualTo(LeakReports.tree(leaks));
        assertThat(skbstress.job.LincheckVerdict.leakReport(new IllegalStateException("an invariant"))).isNull();
    }

    @Test
    void theForkedJvmsGetTheSameSettingsInOneJcstressOption() {
        RunCommand cmd = new RunCommand();
        cmd.profile = Profile.QUICK;
        cmd.subject = "skbstress";
        assertThat(cmd.jcstressOptions()).as("nothing on: the options as before")
                .isEqualTo(Profile.QUICK.jcstressOptions);
        cmd.leakDetection = LeakLevel.PARANOID;
        cmd.poison = true;
        cmd.jfr = tmp.resolve("run.jfr");
        assertThat(cmd.jcstressOptions()).endsWith("-jvmArgsPrepend",
                "-Dskbstress.leakDetection=paranoid -Dskbstress.poison=true -Dskbstress.jfr=true");
        cmd.subject = "netty-pooled";
        cmd.poison = false;
        cmd.jfr = null;
        assertThat(cmd.jcstressOptions()).endsWith("-jvmArgsPrepend", "-Dskbstress.subject=netty-pooled "
                + "-Dio.netty.recycler.maxCapacityPerThread=0 -Dio.netty.noUnsafe=true -Dskbstress.leakDetection="
                + "paranoid");
        assertThat(cmd.jcstressOptions().stream().filter(o -> o.equals("-jvmArgsPrepend"))).hasSize(1);
    }

    @Test
    void aRunWithJfrWritesTheImplementationsEventsToTheFile() throws Exception {
        Path jfr = tmp.resolve("rec").resolve("run.jfr");
        Path dir = tmp.resolve("report");
        String levelBefore = System.getProperty(LeakLevel.PROPERTY);
        String jfrBefore = System.getProperty(SkbImpl.JFR_PROPERTY);
        Ran r = run("run", "--filter", "soak:concurrent", "--budget", "8s", "--jfr", jfr.toString(),
                "--leak-detection", "sampled", "--report", dir.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("  diagnostics: leak detection sampled (1 in ", "JFR recording to " + jfr,
                "-Dskbstress.leakDetection=sampled -Dskbstress.jfr=true").contains("JFR recording: " + jfr);
        Map<String, Integer> counts = new TreeMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getEventType().getName().startsWith("skbstress.")) {
                counts.merge(e.getEventType().getName(), 1, Integer::sum);
            }
        }
        assertThat(counts).as("skbstress events in %s", jfr).containsKeys("skbstress.Alloc", "skbstress.Free");
        RunReport rep = ReportWriter.read(dir);
        assertThat(rep.environment().diagnostics()).startsWith("leak detection sampled").contains(jfr.toString());
        assertThat(rep.command()).contains("--jfr " + jfr, "--leak-detection sampled");
        assertThat(System.getProperty(LeakLevel.PROPERTY)).as("put back after the run").isEqualTo(levelBefore);
        assertThat(System.getProperty(SkbImpl.JFR_PROPERTY)).isEqualTo(jfrBefore);
    }
}
