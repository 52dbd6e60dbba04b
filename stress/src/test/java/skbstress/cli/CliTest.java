package skbstress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stress job's command line: bad input refused before any work, reports, canaries, replay, shards. */
class CliTest {
    @TempDir
    Path tmp;

    /** Runs the command line, capturing both streams (System.out too: the run prints progress there). */
    private record Ran(int exit, String out, String err) {}

    private static Ran run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintStream old = System.out;
        ByteArrayOutputStream sysout = new ByteArrayOutputStream();
        System.setOut(new PrintStream(sysout, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        } finally {
            System.setOut(old);
        }
        return new Ran(exit, out + sysout.toString(StandardCharsets.UTF_8), err.toString());
    }

    @Test
    void helpIsEverywhere() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"run", "--help"},
                new String[] {"replay", "--help"}, new String[] {"replay", "lincheck", "--help"},
                new String[] {"list", "--help"}, new String[] {"merge", "--help"})) {
            Ran r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage: skbstress");
        }
    }

    @Test
    void badInputIsRefusedBeforeAnyWork() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        record Case(String why, String expect, String... args) {}
        List<Case> cases = List.of(
                new Case("unknown option", "Unknown option: '--frobnicate'", "run", "--frobnicate"),
                new Case("filter matching nothing", "matches no test", "run", "--filter", "no-such-test"),
                new Case("filter matching only canaries", "add --canaries", "run", "--filter", "Broken"),
                new Case("broken regex", "is not a regular expression", "run", "--filter", "(["),
                new Case("impossible budget", "is too short", "run", "--budget", "20s"),
                new Case("no budget", "must be positive", "run", "--budget", "0s"),
                new Case("not a duration", "is not a duration", "run", "--budget", "soon"),
                new Case("bad shard", "is not a shard", "run", "--shard", "3/2"),
                new Case("unwritable report folder", "cannot write the report", "run", "--filter", "soak:differential",
                        "--report", file.resolve("below-a-file").toString()),
                new Case("quiet and verbose", "exclude each other", "run", "-q", "-v"),
                new Case("unknown profile", "Invalid value for option '--profile'", "run", "--profile", "slow"),
                new Case("unknown scenario", "no Lincheck scenario", "replay", "lincheck", "nope"),
                new Case("replay without a seed", "either --seed", "replay", "differential"),
                new Case("no command", "choose a command", new String[0]));
        for (Case c : cases) {
            long t0 = System.nanoTime();
            Ran r = run(c.args());
            assertThat(r.exit()).as("%s: %s", c.why(), r.err()).isEqualTo(Main.BAD_INPUT);
            assertThat(r.err()).as(c.why()).contains(c.expect());
            assertThat((System.nanoTime() - t0) / 1e9).as("%s refused at once", c.why()).isLessThan(5);
        }
        assertThat(Files.exists(file.resolve("below-a-file"))).isFalse();
    }

    @Test
    void listNamesEveryTestWithItsAreaAndIds() {
        Ran r = run("list");
        assertThat(r.exit()).isZero();
        List<Catalog.TestCase> all = Catalog.all();
        for (Catalog.TestCase t : all) {
            assertThat(r.out()).contains(t.id());
            assertThat(t.protects()).as(t.id()).isNotEmpty();
        }
        assertThat(all.stream().filter(t -> t.kind() == Catalog.Kind.JCSTRESS && !t.canary())).hasSize(21);
        assertThat(all.stream().filter(t -> t.kind() == Catalog.Kind.LINCHECK && !t.canary())).hasSize(11);
        assertThat(r.out()).contains(all.size() + " tests");
    }

    @Test
    void everyProfileRunsTheWholeSuiteWithinItsOwnDefaultBudget() {
        for (Profile profile : Profile.values()) {
            Plan p = Plan.make(Catalog.all(), profile, profile.defaultBudget, "", false, Shard.WHOLE);
            assertThat(p.tests).as(profile.label()).hasSize(
                    (int) Catalog.all().stream().filter(t -> !t.canary()).count());
            assertThat(p.plannedSeconds()).as("%s: planned seconds", profile.label())
                    .isLessThanOrEqualTo(profile.defaultBudget.toSeconds());
            assertThat(p.soakEach).as("%s: each soak", profile.label()).isGreaterThanOrEqualTo(profile.minSoak);
        }
        assertThat(Profile.FULL.minSoak.multipliedBy(2)).as("full: an hour of soak in all")
                .isGreaterThanOrEqualTo(java.time.Duration.ofHours(1));
    }

    @Test
    void shardsSplitTheTestsDeterministicallyAndCompletely() {
        List<Catalog.TestCase> all = Catalog.all();
        Set<String> seen = new HashSet<>();
        int soaks = 0;
        for (int i = 1; i <= 3; i++) {
            Plan p = Plan.make(all, Profile.FULL, java.time.Duration.ofHours(10), "", false, new Shard(i, 3));
            Plan again = Plan.make(all, Profile.FULL, java.time.Duration.ofHours(10), "", false, new Shard(i, 3));
            assertThat(p.tests).isEqualTo(again.tests);
            for (Catalog.TestCase t : p.tests) {
                if (t.kind() == Catalog.Kind.SOAK) {
                    soaks++;
                } else {
                    assertThat(seen.add(t.id())).as("%s in two shards", t.id()).isTrue();
                }
            }
        }
        assertThat(seen).hasSize((int) all.stream().filter(t -> !t.canary() && t.kind() != Catalog.Kind.SOAK).count());
        assertThat(soaks).as("every shard soaks").isEqualTo(6);
        assertThat(Tests.seed(100, new Shard(2, 3), 4)).isEqualTo(100 + 4 * 3 + 1);
    }

    @Test
    void aCanaryThroughTheJobFailsItAndReplayReproducesIt() throws Exception {
        Path dir = tmp.resolve("canary");
        Ran r = run("run", "--canaries", "--filter", "lincheck:refcount-plain-users-decrement:model-checking",
                "--budget", "60s", "--report", dir.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(Main.FAILED);
        assertThat(r.out()).contains("FAIL   lincheck:refcount-plain-users-decrement:model-checking")
                .contains("replay: ./skbstress replay lincheck refcount-plain-users-decrement --mode model-checking");
        RunReport rep = ReportWriter.read(dir);
        assertThat(rep.verdict()).isEqualTo("FAIL");
        assertThat(rep.tests().get(0).details()).contains("|"); // Lincheck's interleaving table
        assertThat(Files.readString(dir.resolve("index.html"))).contains("What went wrong").contains("Replay:");

        Ran again = run("replay", "lincheck", "refcount-plain-users-decrement", "--mode", "model-checking");
        assertThat(again.exit()).isEqualTo(Main.FAILED);
        assertThat(again.out()).contains("FAIL lincheck:refcount-plain-users-decrement:model-checking");
        assertThat(run("replay", "lincheck", "refcount", "--mode", "stress").exit()).isZero();
    }

    @Test
    void aRunWritesJsonJunitAndHtml() throws Exception {
        Path dir = tmp.resolve("soak");
        Ran r = run("run", "--filter", "soak:differential", "--budget", "12s", "--report", dir.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("PASS   soak:differential").contains("PASS: 1 tests, 0 failed");
        var json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(json.get("verdict").asText()).isEqualTo("PASS");
        assertThat(json.get("tests").get(0).get("samples").asLong()).isGreaterThanOrEqualTo(2_000);
        var xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("junit.xml").toFile());
        assertThat(xml.getDocumentElement().getAttribute("tests")).isEqualTo("1");
        assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("0");
        assertThat(Files.readString(dir.resolve("index.html"))).contains("soak:differential").contains("PASS");
        assertThat(run("replay", "differential", "--seed", "20261126", "--steps", "300").exit()).isZero();
    }

    @Test
    void mergeJoinsShardReports() throws Exception {
        List<Path> dirs = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            RunReport.TestReport t = new RunReport.TestReport("jcstress:T" + i, "jcstress", "Users", List.of("I-USERS-2"),
                    false, i == 2 ? "FAIL" : "PASS", 10, "samples", 1, "seen", i == 2 ? "forbidden" : "", "replay",
                    List.of(new RunReport.Bar("1, 0", 10, "Acceptable", "ok")), "");
            RunReport.TestReport soak = new RunReport.TestReport("soak:differential", "soak", "All", List.of("all"), false,
                    "PASS", 100, "steps", 1, "agree", "", "replay", List.of(), "");
            Path d = tmp.resolve("shard" + i);
            ReportWriter.write(d, new RunReport("skbstress", "run --shard " + i + "/2", "quick", i + "/2", 1, "2m",
                    "2026-11-26T00:00:00", 5 + i, RunReport.verdictOf(List.of(t, soak)), List.of(t, soak)));
            dirs.add(d);
        }
        Path into = tmp.resolve("merged");
        Ran r = run("merge", "--into", into.toString(), dirs.get(0).toString(), dirs.get(1).toString());
        assertThat(r.exit()).isEqualTo(Main.FAILED);
        RunReport m = ReportWriter.read(into);
        assertThat(m.tests()).extracting(RunReport.TestReport::id).containsExactly("jcstress:T1", "jcstress:T2",
                "soak:differential [shard 1/2]", "soak:differential [shard 2/2]");
        assertThat(m.verdict()).isEqualTo("FAIL");
        assertThat(run("merge", "--into", tmp.resolve("m2").toString(), dirs.get(0).toString(), dirs.get(0).toString())
                .err()).contains("is in two of the reports");
        assertThat(run("merge", "--into", tmp.resolve("m3").toString(), tmp.toString()).err())
                .contains("no summary.json");
    }
}
