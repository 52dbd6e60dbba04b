package skbstress.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's verdict is true: only caught or argued mutants pass, and a mutant no tool judged fails. */
class MutantReportTest {
    private static MutantRun.Result result(String id, String status) {
        return new MutantRun.Result(id, "operator", "split-cas", "", "about", "", status, 1, "t", "how", "d", 1, 2);
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
}
