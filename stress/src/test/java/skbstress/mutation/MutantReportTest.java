package skbstress.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's verdict is true: only caught or argued mutants pass, and a mutant no tool judged fails. */
class MutantReportTest {
    private static MutantRun.Result result(String id, String status) {
        return new MutantRun.Result(id, "operator", "split-cas", "", "about", "", status, 1, "t", "how", "d", 1, 2);
    }

    @Test
    void equivalentSurvivorsLeaveTheScoreOfBugsAndTsoOnesStay() {
        List<MutantRun.Result> rs = List.of(result("a", "CAUGHT"), result("b", "CAUGHT"), result("c", "CAUGHT"),
                result("d", "SURVIVED"), result("e", "SURVIVED"), result("f", "SURVIVED"), result("g", "STILLBORN"));
        MutantReport.Score all = MutantReport.of("c", "s", 1, rs, Map.of("d", "equivalent: the value is unused",
                "e", "tso: a store-load reordering x86 does not do")).scores().get("all");
        assertThat(all.run()).isEqualTo(6);
        assertThat(all.argued()).isEqualTo(2);
        assertThat(all.equivalent()).isEqualTo(1);
        assertThat(all.tso()).isEqualTo(1);
        assertThat(all.percent()).isEqualTo(50.0);
        assertThat(all.percentOfBugs()).as("3 caught of the 5 that are bugs").isEqualTo(60.0);
    }

    @Test
    void passesOnlyWhenEveryJudgedMutantIsCaughtOrArgued() {
        assertThat(MutantReport.of("c", "s", 1, List.of(result("a", "CAUGHT")), Map.of()).verdict()).isEqualTo("PASS");
        assertThat(MutantReport.of("c", "s", 1, List.of(result("a", "CAUGHT"), result("b", "SURVIVED")), Map.of())
                .verdict()).isEqualTo("FAIL");
        assertThat(MutantReport.of("c", "s", 1, List.of(result("a", "CAUGHT"), result("b", "SURVIVED")),
                Map.of("b", "equivalent: why")).verdict()).isEqualTo("PASS");
    }

    @Test
    void aMutantTheToolsFailedToJudgeFailsTheRunAndCountsAsNeitherCaughtNorSurvived() {
        MutantReport.Report r = MutantReport.of("c", "s", 1, List.of(result("a", "CAUGHT"), result("b", "ERROR")), Map.of());
        assertThat(r.verdict()).isEqualTo("FAIL");
        assertThat(r.scores().get("all").caught()).isEqualTo(1);
        assertThat(r.scores().get("all").survived()).isZero();
    }

    @Test
    void aRunThatJudgedNothingDoesNotPass() {
        assertThat(MutantReport.of("c", "s", 1, List.of(result("a", "NOT_RUN")), Map.of()).verdict()).isEqualTo("FAIL");
    }

    private static final String PIT_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <mutations>
            <mutation detected='true' status='KILLED' numberOfTestsRun='3'><sourceFile>A.java</sourceFile>\
            <mutatedClass>skbstress.impl.A</mutatedClass><mutatedMethod>f</mutatedMethod><lineNumber>10</lineNumber>\
            <mutator>org.pitest.mutationtest.engine.gregor.mutators.MathMutator</mutator>\
            <description>Replaced integer addition with subtraction</description></mutation>
            <mutation detected='true' status='TIMED_OUT' numberOfTestsRun='1'><mutatedClass>skbstress.impl.A\
            </mutatedClass><mutatedMethod>g</mutatedMethod><lineNumber>12</lineNumber><mutator>x.Y</mutator>\
            <description>d</description></mutation>
            <mutation detected='false' status='SURVIVED' numberOfTestsRun='2'><mutatedClass>skbstress.impl.B\
            </mutatedClass><mutatedMethod>h</mutatedMethod><lineNumber>7</lineNumber>\
            <mutator>org.pitest.mutationtest.engine.gregor.mutators.ConditionalsBoundaryMutator</mutator>\
            <description>changed conditional boundary</description></mutation>
            <mutation detected='false' status='NO_COVERAGE' numberOfTestsRun='0'><mutatedClass>skbstress.impl.A\
            </mutatedClass><mutatedMethod>k</mutatedMethod><lineNumber>3</lineNumber><mutator>a.VoidMethodCallMutator\
            </mutator><description>removed call</description></mutation>
            </mutations>
            """;

    @Test
    void pitScoresCountAsPitDoesAndListEveryUndetectedMutant(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("impl/target/pit-reports"));
        Files.writeString(dir.resolve("mutations.xml"), PIT_XML);
        PitScores.Module m = PitScores.read(dir);
        assertThat(m.name()).isEqualTo("impl");
        assertThat(m.generated()).isEqualTo(4);
        assertThat(m.detected()).isEqualTo(2); // killed and timed out count, as PIT counts them
        assertThat(m.percent()).isEqualTo(50.0);
        assertThat(m.byStatus()).containsEntry("KILLED", 1).containsEntry("NO_COVERAGE", 1);
        assertThat(m.survivors()).extracting(PitScores.Survivor::clazz, PitScores.Survivor::line,
                PitScores.Survivor::mutator).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("skbstress.impl.A", 3, "VoidMethodCallMutator"),
                        org.assertj.core.groups.Tuple.tuple("skbstress.impl.B", 7, "ConditionalsBoundaryMutator"));
        MutantReport.Report r = MutantReport.of("c", "s", 1, List.of(result("a", "CAUGHT")), Map.of(), List.of(m));
        assertThat(r.verdict()).as("PIT's survivors inform, the verdict is ours").isEqualTo("PASS");
        assertThat(MutantReport.html(r)).contains("skbstress.impl.B", "changed conditional boundary", "50.0%");
    }

    @Test
    void aReportReadBackKeepsEveryResultSoShardsMergeIntoOne(@TempDir Path tmp) throws Exception {
        MutantReport.Report r = MutantReport.of("c", "s", 3, List.of(result("a", "CAUGHT"), result("b", "SURVIVED")),
                Map.of());
        MutantReport.write(tmp, r);
        MutantReport.Report back = MutantReport.read(tmp);
        assertThat(back.mutants()).isEqualTo(r.mutants());
        assertThat(back.scores()).isEqualTo(r.scores());
        Files.writeString(tmp.resolve("mutants.json"), "{\"schema\":\"0\"}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MutantReport.read(tmp))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMergeKeepsEachMutantsLatestJudgedResult() {
        MutantRun.Result old = result("a", "SURVIVED");
        MutantReport.Report first = MutantReport.of("c1", "2026-12-01T10:00:00Z", 1,
                List.of(old, result("b", "CAUGHT"), result("c", "SURVIVED")), Map.of());
        MutantReport.Report later = MutantReport.of("c2", "2026-12-01T12:00:00Z", 1,
                List.of(result("a", "CAUGHT"), result("c", "NOT_RUN"), result("d", "CAUGHT")), Map.of());
        // given in either order, the report started later wins, except where it did not run the mutant
        for (List<MutantReport.Report> parts : List.of(List.of(first, later), List.of(later, first))) {
            assertThat(MutantReport.latest(parts)).extracting(MutantRun.Result::id, MutantRun.Result::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "CAUGHT"),
                            org.assertj.core.groups.Tuple.tuple("b", "CAUGHT"),
                            org.assertj.core.groups.Tuple.tuple("c", "SURVIVED"),
                            org.assertj.core.groups.Tuple.tuple("d", "CAUGHT"));
        }
    }
}
