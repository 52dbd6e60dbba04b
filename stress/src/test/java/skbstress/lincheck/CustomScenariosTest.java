package skbstress.lincheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.junit.jupiter.api.Test;

/** A one-line scenario becomes the Lincheck scenario it reads as, and a typo is refused by name. */
class CustomScenariosTest {
    private static List<String> names(List<Actor> actors) {
        return actors.stream().map(a -> a.getMethod().getName() + a.getArguments()).toList();
    }

    @Test
    void eachPartAndThreadGetsItsActorsWithTheThreadIdsLincheckWouldGive() {
        ExecutionScenario s = CustomScenarios.parse(DepotLincheck.class, "pop / popTwo | pop pop push / pop");
        assertThat(names(s.getInitExecution())).containsExactly("pop[0]");
        assertThat(s.getParallelExecution()).hasSize(2);
        assertThat(names(s.getParallelExecution().get(0))).containsExactly("popTwo[1]");
        assertThat(names(s.getParallelExecution().get(1))).containsExactly("pop[2]", "pop[2]", "push[2]");
        assertThat(names(s.getPostExecution())).containsExactly("pop[3]");
    }

    @Test
    void givenArgumentsFollowTheThreadId() {
        ExecutionScenario s = CustomScenarios.parse(MisuseLincheck.class, "/ free(0) | free(0) /");
        assertThat(s.getInitExecution()).isEmpty();
        assertThat(s.getParallelExecution().get(1).get(0).getArguments()).contains(0);
    }

    @Test
    void everyDeclaredScenarioParses() {
        for (Scenario sc : LincheckSuite.ALL) {
            for (String c : sc.custom()) {
                assertThat(CustomScenarios.parse(sc.test(), c).getParallelExecution()).as(sc.name() + ": " + c)
                        .hasSize(sc.shape().threads());
            }
        }
    }

    @Test
    void typosAreRefused() {
        assertThatThrownBy(() -> CustomScenarios.parse(DepotLincheck.class, "/ popp | pop /"))
                .hasMessageContaining("no @Operation popp");
        assertThatThrownBy(() -> CustomScenarios.parse(DepotLincheck.class, "pop | pop"))
                .hasMessageContaining("init / thread");
        assertThatThrownBy(() -> CustomScenarios.parse(MisuseLincheck.class, "/ free | free(0) /"))
                .hasMessageContaining("needs more arguments");
    }
}
