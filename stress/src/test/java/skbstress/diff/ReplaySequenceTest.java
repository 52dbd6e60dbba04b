package skbstress.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import skbstress.cli.Main;

/**
 * {@code skbstress replay differential --sequence ...}: a sequence that names no real step, gives a step
 * the wrong arguments, or points at a step that is not before it is bad input (exit 2, the token named),
 * refused before anything runs; a good one runs.
 */
class ReplaySequenceTest {
    private record Exit(int code, String err) {}

    private static Exit replay(String sequence) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "replay", "differential",
                "--sequence", sequence);
        return new Exit(code, err.toString());
    }

    @Test
    void anUnknownStepIsRefusedWithItsName() {
        Exit e = replay("frobnicate 1 2; free -1");
        assertThat(e.code()).as("exit code, stderr: %s", e.err()).isEqualTo(2);
        assertThat(e.err()).contains("step 0").contains("'frobnicate'");
    }

    @Test
    void aWrongNumberOfArgumentsIsRefused() {
        Exit e = replay("allocSkb 1074 1; free -1 7");
        assertThat(e.code()).as("exit code, stderr: %s", e.err()).isEqualTo(2);
        assertThat(e.err()).contains("step 1").contains("'free -1 7'").contains("1 argument");
    }

    @Test
    void aReferenceToAStepNotBeforeItIsRefused() {
        Exit e = replay("allocSkb 1074 1; clone -2; free -3");
        assertThat(e.code()).as("exit code, stderr: %s", e.err()).isEqualTo(2);
        assertThat(e.err()).contains("step 1").contains("argument 1").contains("'-2'");
    }

    @Test
    void aTokenThatIsNoIntegerIsRefused() {
        Exit e = replay("allocSkb 10x 1");
        assertThat(e.code()).as("exit code, stderr: %s", e.err()).isEqualTo(2);
        assertThat(e.err()).contains("step 0").contains("argument 1").contains("'10x'");
    }

    @Test
    void anEmptySequenceIsRefused() {
        Exit e = replay("  ");
        assertThat(e.code()).as("exit code, stderr: %s", e.err()).isEqualTo(2);
        assertThat(e.err()).contains("no steps");
    }

    @Test
    void theReadmesSequenceRuns() {
        Exit e = replay("allocSkb 1074 1; clone -1; free -2");
        assertThat(e.code()).as("exit code, stderr: %s", e.err()).isZero();
    }
}
