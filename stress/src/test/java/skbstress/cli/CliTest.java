package skbstress.cli;

import static skbstress.cli.Ran.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
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
        String levelBefore = System.getProperty(skbstress.api.LeakLevel.PROPERTY);
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
                new Case("unknown leak detection level", "unknown leak detection level 'loud': off, counts, sampled "
                        + "or paranoid", "run", "--filter", "soak:differential", "--leak-detection", "loud",
                        "--report", tmp.resolve("never-leaks").toString()),
                new Case("unwritable JFR folder", "cannot write the JFR recording", "run", "--filter",
                        "soak:differential", "--jfr", file.resolve("below-a-file").resolve("run.jfr").toString(),
                        "--report", tmp.resolve("never-jfr").toString()),
                new Case("a folder as the JFR file", "is a folder", "run", "--filter", "soak:differential", "--jfr",
                        tmp.toString(), "--report", tmp.resolve("never-jfr").toString()),
                new Case("no hang bound", "--hang-after must be at least 1s", "run", "--hang-after", "0s"),
                new Case("unknown profile", "Invalid value for option '--profile'", "run", "--profile", "slow"),
                new Case("unknown subject", "no subject named 'nope'", "run", "--subject", "nope"),
                new Case("a replay on an unknown subject", "no subject named 'nope'", "replay", "jcstress",
                        "Ref_01_TwoHoldersDrop", "--subject", "nope"),
                new Case("a Lincheck replay on a subject it does not apply to", "does not apply to recycler",
                        "replay", "lincheck", "count", "--subject", "recycler"),
                new Case("a subject none of the selected tests applies to", "none of the selected tests applies to "
                        + "recycler", "run", "--subject", "recycler", "--filter", "Users_01"),
                new Case("unknown scenario", "no Lincheck scenario", "replay", "lincheck", "nope"),
                new Case("three-switch canary outside the deep search", "--profile full only", "replay", "lincheck",
                        "refcount-users-retry-plain-store", "--profile", "quick"),
                new Case("replay without a seed", "either --seed", "replay", "differential"),
                new Case("no command", "choose a command", new String[0]),
                new Case("mutant filter matching nothing", "no mutant matches", "mutants", "--filter", "no-such-bug"),
                new Case("unknown mutant kind", "Invalid value for option '--kinds'", "mutants", "--kinds", "typo"),
                new Case("broken mutant regex", "is not a regular expression", "mutants", "--filter", "(["),
                new Case("mutants without a budget", "must be positive", "mutants", "--budget", "0s"),
                new Case("tier 2 too short for its job", "--tier2-budget 1m00s is too short", "mutants",
                        "--tier2-budget", "60s"),
                new Case("a PIT report that is not there", "no mutations.xml", "mutants", "--pit",
                        file.resolve("no-pit").toString()),
                new Case("a report to merge that is not there", "no mutants.json", "mutants", "--merge",
                        file.resolve("no-report").toString()),
                new Case("a PIT report that is not XML", "not a PIT report", "mutants", "--pit", file.toString()),
                new Case("a merge with a selection it would ignore", "drop --filter", "mutants", "--merge",
                        tmp.toString(), "--filter", "b01"));
        for (Case c : cases) {
            long t0 = System.nanoTime();
            Ran r = run(c.args());
            assertThat(r.exit()).as("%s: %s", c.why(), r.err()).isEqualTo(Main.BAD_INPUT);
            assertThat(r.err()).as(c.why()).contains(c.expect());
            assertThat((System.nanoTime() - t0) / 1e9).as("%s refused at once", c.why()).isLessThan(5);
        }
        assertThat(Files.exists(file.resolve("below-a-file"))).isFalse();
        assertThat(tmp.resolve("never-leaks")).as("nothing run: no report folder").doesNotExist();
        assertThat(tmp.resolve("never-jfr")).as("nothing run: no report folder").doesNotExist();
        assertThat(System.getProperty(skbstress.api.LeakLevel.PROPERTY)).as("no property left changed")
                .isEqualTo(levelBefore);
    }

    @Test
    void mutantsListsTheKernelCatalogWithItsCvesAndRunsNothing() {
        Ran r = run("mutants", "--kinds", "kernel", "--list");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("b01-cve-2017-6074-free-ignores-users  [kernel]", "(B1 CVE-2017-6074)",
                "b16-cve-2020-29370");
        assertThat(r.out()).as("each with its diff").contains("    --- skbstress/impl/ImplHandles.java:",
                "    -        SkbDesc d = found(h, op, dropping);");
        assertThat(Files.exists(Path.of("stress", "target", "skbstress-mutants"))).isFalse();
    }

    @Test
    void aRunChecksOnlyWhatItsSubjectProvides() {
        java.util.Map<String, Catalog.TestCase> byId = new java.util.HashMap<>();
        Catalog.all().forEach(t -> byId.put(t.id(), t));
        Catalog.TestCase users = byId.get("jcstress:Users_01_TwoHoldersFree");
        Catalog.TestCase hooks = byId.get("jcstress:Slab_11_TwoReadsLeaveAfterAFree");
        Catalog.TestCase ref = byId.get("jcstress:Ref_01_TwoHoldersDrop");
        skbstress.api.subject.Subject ours = skbstress.subject.Subjects.named("skbstress");
        skbstress.api.subject.Subject netty = skbstress.subject.Subjects.named("netty-pooled");
        skbstress.api.subject.Subject someoneElses = new skbstress.api.subject.Subject() { // skb operations, not ours
            @Override
            public String name() {
                return "their-skbs";
            }

            @Override
            public String about() {
                return "the model, as a user's SkbOps";
            }

            @Override
            public java.util.Set<skbstress.api.subject.Capability> capabilities() {
                return java.util.EnumSet.of(skbstress.api.subject.Capability.SKB_OPS);
            }
        };
        assertThat(Catalog.whyNot(users, ours)).as("P-SUBJ-4: ours runs the skb races").isNull();
        assertThat(Catalog.whyNot(users, someoneElses)).as("P-SUBJ-4: any subject with skb operations does").isNull();
        assertThat(Catalog.whyNot(hooks, someoneElses)).as("P-SUBJ-4: but not the races through our test hooks")
                .isEqualTo("reaches into our implementation (its test hooks)");
        assertThat(Catalog.whyNot(byId.get("lincheck:refcount:model-checking"), someoneElses))
                .as("P-SUBJ-4: the Lincheck scenarios of skb operations run on any subject with them").isNull();
        assertThat(Catalog.whyNot(byId.get("lincheck:slab:model-checking"), someoneElses))
                .as("P-SUBJ-4: but not the one of our allocator's per-thread caching")
                .isEqualTo("written against our implementation's allocator (its per-thread caching rule)");
        assertThat(Catalog.whyNot(byId.get("jcstress:BrokenUsers_01_PlainDecrement"), someoneElses))
                .as("P-SUBJ-4: a mutant of ours says nothing of their skbs")
                .isEqualTo("a canary of our implementation (a mutated copy of it), which says nothing of their-skbs");
        assertThat(Catalog.whyNot(byId.get("jcstress:BrokenRef_01_DecidedOnAStaleCount"), netty))
                .as("P-SUBJ-2: a capability's canary wraps the subject's own count").isNull();
        assertThat(Catalog.whyNot(byId.get("lincheck:alloc:model-checking"), skbstress.subject.Subjects.named("recycler")))
                .as("P-SUBJ-1: the Recycler's scenario is not model-checked, and says why")
                .startsWith("not model-checked: Lincheck 3.7's model checker crashes");
        assertThat(Catalog.whyNot(byId.get("lincheck:alloc:stress"), skbstress.subject.Subjects.named("recycler")))
                .as("P-SUBJ-1: it runs in stress mode").isNull();
        assertThat(Catalog.whyNot(users, netty)).as("P-SUBJ-4: a subject without skb operations runs none")
                .isEqualTo("needs skb-ops, which netty-pooled does not provide");
        assertThat(Catalog.whyNot(ref, netty)).as("P-SUBJ-2 applies to Netty's buffers").isNull();
        assertThat(Catalog.whyNot(ref, skbstress.subject.Subjects.named("recycler")))
                .isEqualTo("needs reference-count, which recycler does not provide");
        assertThat(JcstressTests.replay(ref, JcstressTests.replayOptions(java.util.List.of("-m", "sanity",
                "-jvmArgsPrepend", "-Dskbstress.subject=netty-pooled -Dio.netty.noUnsafe=true"))))
                .as("P-SUBJ-2 failures replay on the subject they were found on")
                .endsWith("replay jcstress Ref_01_TwoHoldersDrop --jcstress-options='-m sanity' --subject netty-pooled");
        assertThat(JcstressTests.subjectOptions("netty-pooled")).containsExactly("-jvmArgsPrepend",
                "-Dskbstress.subject=netty-pooled -Dio.netty.recycler.maxCapacityPerThread=0 -Dio.netty.noUnsafe=true");
        assertThat(JcstressTests.subjectOptions("skbstress")).isEmpty();
        Ran r = run("list", "--subjects");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("netty-pooled", "reference-count,shared-views", "recycler", "object-allocator",
                "7 subjects (default: skbstress)");
    }

    @Test
    void aCanaryUnseenInItsPassGetsOneMoreAtFiveTimesTheTime() {
        assertThat(JcstressTests.longer(List.of("-m", "sanity", "-time", "200", "-iters", "1")))
                .containsExactly("-m", "sanity", "-time", "1000", "-iters", "1");
        assertThat(JcstressTests.longer(List.of("-m", "quick"))).as("no time of its own to stretch").isNull();
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
        assertThat(all.stream().filter(t -> t.kind() == Catalog.Kind.JCSTRESS && !t.canary())).hasSize(55);
        assertThat(all.stream().filter(t -> t.kind() == Catalog.Kind.LINCHECK && !t.canary())).hasSize(20);
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
    void threeSwitchCanariesRunWhereTheDeepSearchRunsOnly() {
        List<skbstress.lincheck.Scenario> deep = skbstress.lincheck.LincheckSuite.ALL.stream()
                .filter(s -> s.expect() == skbstress.lincheck.Scenario.Expect.FAIL_MODEL_CHECKING).toList();
        assertThat(deep).extracting(skbstress.lincheck.Scenario::name)
                .contains("refcount-users-retry-plain-store");
        for (skbstress.lincheck.Scenario s : deep) {
            assertThat(s.deep().custom()).as(s.name()).isNotEmpty();
            assertThat(s.deep().invocations()).as(s.name()).isGreaterThan(1000);
            assertThat(s.modes()).as(s.name()).containsExactly(skbstress.lincheck.LincheckSuite.Mode.MODEL_CHECKING);
            String id = "lincheck:" + s.name() + ":model-checking";
            Plan full = Plan.make(Catalog.all(), Profile.FULL, java.time.Duration.ofHours(10), "", true, Shard.WHOLE);
            Plan quick = Plan.make(Catalog.all(), Profile.QUICK, java.time.Duration.ofHours(10), "", true, Shard.WHOLE);
            assertThat(full.tests).extracting(Catalog.TestCase::id).contains(id);
            assertThat(quick.tests).extracting(Catalog.TestCase::id).doesNotContain(id);
            assertThatThrownBy(() -> Plan.make(Catalog.all(), Profile.QUICK, java.time.Duration.ofHours(1),
                    "^" + java.util.regex.Pattern.quote(id) + "$", true, Shard.WHOLE))
                    .hasMessageContaining("--profile full");
            // the real scenario the canary stands for searches the same deep scenarios in the full profile
            skbstress.lincheck.Scenario real = skbstress.lincheck.LincheckSuite.named(s.name().substring(0,
                    s.name().indexOf('-')));
            assertThat(real.deep()).isEqualTo(s.deep());
            assertThat(real.searchesDeep(skbstress.lincheck.LincheckSuite.Mode.MODEL_CHECKING,
                    skbstress.lincheck.LincheckSuite.Profile.FULL)).isTrue();
            assertThat(real.searchesDeep(skbstress.lincheck.LincheckSuite.Mode.MODEL_CHECKING,
                    skbstress.lincheck.LincheckSuite.Profile.CI)).isFalse();
        }
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
    void aCaughtCanaryPassesTheRunAndReplayShowsItsRawFailure() throws Exception {
        Path dir = tmp.resolve("canary");
        Ran r = run("run", "--canaries", "--filter", "lincheck:depot(-missing-tag-bump)?:model-checking",
                "--budget", "90s", "--report", dir.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("CAUGHT  lincheck:depot-missing-tag-bump:model-checking")
                .contains("PASS    lincheck:depot:model-checking").contains("(1 of 1 canaries caught)")
                .startsWith("skbstress run").contains("PASS: 2 tests, 0 failed");
        RunReport rep = ReportWriter.read(dir);
        assertThat(rep.verdict()).isEqualTo("PASS");
        RunReport.TestReport canary = rep.tests().stream().filter(RunReport.TestReport::canary).findFirst()
                .orElseThrow();
        assertThat(canary.status()).isEqualTo("CAUGHT");
        assertThat(canary.summary()).startsWith("caught: ");
        assertThat(canary.details()).contains("|"); // Lincheck's interleaving table
        var xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("junit.xml").toFile());
        assertThat(xml.getDocumentElement().getAttribute("tests")).isEqualTo("2");
        assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("0");
        assertThat(xml.getDocumentElement().getAttribute("errors")).isEqualTo("0");
        assertThat(xml.getElementsByTagName("failure").getLength()).isZero();
        assertThat(Files.readString(dir.resolve("index.html"))).contains("badge caught").contains("Replay:");

        // replay reports the raw outcome: the canary's failure shows, so it exits 1
        Ran again = run("replay", "lincheck", "depot-missing-tag-bump", "--mode", "model-checking");
        assertThat(again.exit()).isEqualTo(Main.FAILED);
        assertThat(again.out()).contains("FAIL lincheck:depot-missing-tag-bump:model-checking: caught: Invalid "
                + "execution results");
        assertThat(run("replay", "--help").out().replaceAll("\\s+", " "))
                .contains("replaying a canary that is caught prints FAIL and exits 1");
    }

    @Test
    void aRunWritesJsonJunitAndHtmlThatSayHowToReproduceIt() throws Exception {
        Path dir = tmp.resolve("soak");
        Ran r = run("run", "--filter", "soak:differential", "--budget", "12s", "--report", dir.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("PASS    soak:differential").contains("PASS: 1 tests, 0 failed")
                .contains("within its budget of 12s");
        var json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(json.get("verdict").asText()).isEqualTo("PASS");
        assertThat(json.get("tests").get(0).get("samples").asLong()).isGreaterThanOrEqualTo(2_000);
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(RunReport.SCHEMA);
        assertThat(json.get("overBudgetSeconds").asDouble()).isZero();
        var env = json.get("environment");
        assertThat(env.get("javaVersion").asText()).isEqualTo(System.getProperty("java.version"));
        assertThat(env.get("javaVendor").asText()).isEqualTo(System.getProperty("java.vendor"));
        assertThat(env.get("os").asText()).startsWith(System.getProperty("os.name"));
        assertThat(env.get("cpus").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(env.get("jcstressVersion").asText()).isEqualTo("0.16");
        assertThat(env.get("lincheckVersion").asText()).isEqualTo("3.7");
        String commit = env.get("gitCommit").asText();
        assertThat(commit).matches("[0-9a-f]{40}(\\+changes)?|unknown");
        if (gitWorks()) {
            assertThat(commit).as("run inside a git work tree").isNotEqualTo("unknown");
        }
        // a fresh seed, printed in the plan, and the one the replay command uses
        long seed = json.get("seed").asLong();
        assertThat(r.out()).contains("seed " + seed + " (fresh: --seed " + seed + " replays it)");
        assertThat(json.get("tests").get(0).get("replay").asText()).contains("--seed " + seed + " ");
        assertThat(json.get("command").asText()).isEqualTo("./skbstress run --filter soak:differential --budget 12s "
                + "--report " + dir);

        var xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("junit.xml").toFile());
        assertThat(xml.getDocumentElement().getAttribute("tests")).isEqualTo("1");
        assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("0");
        var props = xml.getElementsByTagName("property");
        java.util.Map<String, String> p = new java.util.HashMap<>();
        for (int i = 0; i < props.getLength(); i++) {
            var e = (org.w3c.dom.Element) props.item(i);
            p.put(e.getAttribute("name"), e.getAttribute("value"));
        }
        assertThat(p).containsEntry("seed", String.valueOf(seed)).containsEntry("git.commit", commit)
                .containsEntry("jcstress", "0.16").containsEntry("lincheck", "3.7").containsEntry("schemaVersion", String.valueOf(RunReport.SCHEMA)).containsEntry("subject", "skbstress")
                .containsEntry("command", json.get("command").asText()).containsKeys("java", "os", "cpus");
        assertThat(Files.readString(dir.resolve("index.html"))).contains("soak:differential").contains("PASS")
                .contains("git commit").contains(commit).contains("seed " + seed).contains("within its budget");

        // --seed replays: the given seed is the one used and printed
        Path again = tmp.resolve("seeded");
        Ran seeded = run("run", "--filter", "soak:differential", "--budget", "9s", "--seed", "7", "--report",
                again.toString());
        assertThat(seeded.exit()).as(seeded.out() + seeded.err()).isZero();
        assertThat(seeded.out()).contains("seed 7").doesNotContain("fresh");
        RunReport rep = ReportWriter.read(again);
        assertThat(rep.seed()).isEqualTo(7);
        assertThat(rep.tests().get(0).replay()).contains("--seed 7 ");
        assertThat(RunCommand.freshSeed()).isNotEqualTo(RunCommand.freshSeed());
        assertThat(run("replay", "differential", "--seed", "20261126", "--steps", "300").exit()).isZero();
    }

    private static boolean gitWorks() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.exists(d.resolve(".git"))) {
            d = d.getParent();
        }
        if (d == null) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void aMutantsMergeKeepsTheLatestResultAndLeavesOutOnesMadeOnOtherSources() throws Exception {
        skbstress.mutation.MutantSet set = skbstress.mutation.MutantSet.load();
        var m = set.all().stream().filter(x -> skbstress.mutation.MutantSet.kind(x)
                == skbstress.mutation.MutantSet.Kind.KERNEL).findFirst().orElseThrow();
        var n = set.all().stream().filter(x -> skbstress.mutation.MutantSet.kind(x)
                == skbstress.mutation.MutantSet.Kind.KERNEL).skip(1).findFirst().orElseThrow();
        java.util.function.BiFunction<skbstress.mutation.MutantSources.Mutant, String, skbstress.mutation.MutantRun.Result>
                result = (x, status) -> new skbstress.mutation.MutantRun.Result(x.id(), "kernel", x.operator(), x.bug(),
                x.about(), set.diff(x), status, 1, "tier 1", "how", "detail", 1.5, 2);
        Path early = tmp.resolve("early");
        Path late = tmp.resolve("late");
        skbstress.mutation.MutantReport.write(early, skbstress.mutation.MutantReport.of("c1", "2026-12-01T10:00:00", 1,
                List.of(result.apply(m, "SURVIVED"), result.apply(n, "CAUGHT")), java.util.Map.of()));
        var staleN = new skbstress.mutation.MutantRun.Result(n.id(), "kernel", n.operator(), n.bug(), n.about(),
                "--- an older source\n-  a line that is gone", "SURVIVED", 2, "tier 2", "", "", 0, 3);
        skbstress.mutation.MutantReport.write(late, skbstress.mutation.MutantReport.of("c2", "2026-12-01T12:00:00", 1,
                List.of(result.apply(m, "CAUGHT"), staleN), java.util.Map.of()));
        Path into = tmp.resolve("joined");
        Ran r = run("mutants", "--merge", late + "," + early, "-r", into.toString());
        assertThat(r.out()).as(r.out() + r.err()).contains("left out, run on sources that have changed since (1): "
                + n.id() + " (2026-12-01T12:00:00)");
        var back = skbstress.mutation.MutantReport.read(into);
        // m: the later report's; n: the earlier one's, since the later one ran another mutant under its id
        assertThat(back.mutants()).extracting(skbstress.mutation.MutantRun.Result::id,
                skbstress.mutation.MutantRun.Result::status).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(m.id(), "CAUGHT"),
                        org.assertj.core.groups.Tuple.tuple(n.id(), "CAUGHT"));
        assertThat(r.exit()).isZero();
    }

    @Test
    void mergeJoinsShardReportsOfEitherSchema() throws Exception {
        // shard 1 as this version writes it; shard 2 as a summary.json of schema 1 (before environment and budget)
        RunReport.TestReport t1 = new RunReport.TestReport("jcstress:T1", "jcstress", "Users", List.of("I-USERS-2"),
                false, "PASS", 10, "samples", 1, "seen", "", "replay", List.of(new RunReport.Bar("1, 0", 10,
                "Acceptable", "ok")), "", List.of(new RunReport.Configuration("-Xss4m", "split", 10, 0, "OK")), null);
        RunReport.TestReport soak = new RunReport.TestReport("soak:differential", "soak", "All", List.of("all"), false,
                "PASS", 100, "steps", 1, "agree", "", "replay", List.of(), "", List.of(), null);
        Path d1 = tmp.resolve("shard1");
        ReportWriter.write(d1, new RunReport(RunReport.SCHEMA, "skbstress", "run --shard 1/2", "quick", "1/2", 1, "2m",
                120, "2026-11-26T00:00:00", 130, 10, "PASS", Environment.probe(), null, List.of(t1, soak), "skbstress",
                List.of()));
        Path d2 = Files.createDirectories(tmp.resolve("shard2"));
        Files.writeString(d2.resolve("summary.json"), """
                {"tool":"skbstress","command":"run --shard 2/2","profile":"quick","shard":"2/2","seed":1,
                 "budget":"2m","started":"2026-11-26T00:00:00","seconds":7.0,"verdict":"FAIL","tests":[
                  {"id":"jcstress:T2","kind":"jcstress","area":"Users","protects":["I-USERS-2"],"canary":false,
                   "status":"FAIL","samples":10,"unit":"samples","seconds":1.0,"summary":"seen",
                   "details":"forbidden","replay":"replay","histogram":[],"link":""},
                  {"id":"soak:differential","kind":"soak","area":"All","protects":["all"],"canary":false,
                   "status":"PASS","samples":100,"unit":"steps","seconds":1.0,"summary":"agree","details":"",
                   "replay":"replay","histogram":[],"link":""}]}
                """);
        RunReport old = ReportWriter.read(d2);
        assertThat(old.schemaVersion()).isEqualTo(1);
        assertThat(old.tests().get(0).configurations()).isEmpty();
        Path into = tmp.resolve("merged");
        Ran r = run("merge", "--into", into.toString(), d1.toString(), d2.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(Main.FAILED);
        assertThat(r.out()).contains("OVER its budget");
        RunReport m = ReportWriter.read(into);
        assertThat(m.tests()).extracting(RunReport.TestReport::id).containsExactly("jcstress:T1", "jcstress:T2",
                "soak:differential [shard 1/2]", "soak:differential [shard 2/2]");
        assertThat(m.verdict()).isEqualTo("FAIL");
        assertThat(m.schemaVersion()).isEqualTo(RunReport.SCHEMA);
        assertThat(m.overBudgetSeconds()).isEqualTo(10);
        assertThat(m.tests().get(0).configurations()).hasSize(1);
        assertThat(run("merge", "--into", tmp.resolve("m2").toString(), d1.toString(), d1.toString())
                .err()).contains("is in two of the reports");
        assertThat(run("merge", "--into", tmp.resolve("m3").toString(), tmp.toString()).err())
                .contains("no summary.json");
    }
}
