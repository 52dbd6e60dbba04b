package skbstress.races;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutcomesTest {
    private final Outcomes names = Outcomes.named("a-released", 1, 0, 1).and("b-released", 0, 1, 1);

    @Test
    void aTupleIsReportedByItsNameAndAnUnnamedOneByItsValues() {
        assertThat(names.of(new int[] {1, 0}, new int[] {1})).isEqualTo("a-released");
        assertThat(names.of(0, 1, 1)).isEqualTo("b-released");
        assertThat(names.of(new int[] {1, 1}, new int[] {1})).isEqualTo("other: 1, 1, 1");
        assertThat(names.names()).containsExactly(java.util.Map.entry("a-released", "1, 0, 1"),
                java.util.Map.entry("b-released", "0, 1, 1"));
    }

    @Test
    void anObserverIsReadToTheTablesArityAndOneThatSawTooLittleIsNeverNamed() {
        int c = Races.CRASHED;
        assertThat(names.of(new int[] {1, 0}, new int[] {1, c, c, c})).as("extra values of a crash report")
                .isEqualTo("a-released");
        assertThat(names.of(new int[] {c, c}, new int[] {c, c, c, c, c, c, c, c})).startsWith(Outcomes.OTHER);
        assertThat(names.of(new int[] {1, 0}, new int[0])).isEqualTo("other: 1, 0 / ");
        assertThat(names.of(1, 0)).as("a tuple of another length").isEqualTo("other: 1, 0");
    }

    @Test
    void aTableThatCannotMeanOneThingIsRefused() {
        assertThatThrownBy(() -> names.and("a-released", 1, 1, 1)).hasMessageContaining("names two tuples");
        assertThatThrownBy(() -> names.and("again", 1, 0, 1)).hasMessageContaining("named twice");
        assertThatThrownBy(() -> names.and("short", 1, 0)).hasMessageContaining("2 values where the table has 3");
        assertThatThrownBy(() -> names.and("Not A Name", 0, 0, 0)).hasMessageContaining("lower-case words");
        assertThatThrownBy(() -> names.and("other: 1", 0, 0, 0)).hasMessageContaining("lower-case words");
    }

    @Test
    void aCanaryUsesItsRacesNames() {
        assertThat(Outcomes.of(BrokenUsers_01_PlainDecrement.class)).isSameAs(Users_01_TwoHoldersFree.NAMES);
        assertThat(Outcomes.of(Users_01_TwoHoldersFree.class)).isSameAs(Users_01_TwoHoldersFree.NAMES);
        assertThatThrownBy(() -> Outcomes.of(OutcomesTest.class)).hasMessageContaining("declares no public static");
    }
}
