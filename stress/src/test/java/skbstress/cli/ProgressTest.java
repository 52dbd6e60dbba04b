package skbstress.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The time left that the progress line and the CI heartbeat print, driven by a clock the test moves. */
class ProgressTest {
    private final AtomicLong clock = new AtomicLong();

    private Progress progress(double estimated, double timed) {
        return new Progress(new PrintStream(new ByteArrayOutputStream()), Progress.Level.QUIET, false, 3, estimated,
                timed, clock::get);
    }

    private void at(double seconds) {
        clock.set((long) (seconds * 1e9));
    }

    @Test
    void aSoakLastsItsTimeHoweverFastTheRacesBeforeItWere() {
        try (Progress p = progress(100, 2000)) {
            assertThat(p.left()).isCloseTo(2100, within(1e-6));
            p.start("jcstress", 60, false);
            at(6);
            p.fraction(0.5);
            assertThat(p.left()).as("half of jcstress, then Lincheck and the soak").isCloseTo(30 + 40 + 2000, within(1e-6));
            at(12);
            p.spent(60); // 5x faster than planned; the rate is clamped at 0.3
            p.start("lincheck", 40, false);
            at(14);
            assertThat(p.left()).isCloseTo(40 * 0.3 - 2 + 2000, within(1e-6));
            at(16);
            p.spent(40);
            p.start("soak", 1000, true);
            at(16 + 250);
            // the old estimate scaled this by elapsed/done = 266/350 and printed 1330 s, growing as the soak ran
            assertThat(p.left()).as("the rest of this soak and all of the next").isCloseTo(750 + 1000, within(1e-6));
            at(16 + 1000);
            p.spent(1000);
            p.start("soak 2", 1000, true);
            at(16 + 1000 + 999);
            assertThat(p.left()).isCloseTo(1, within(1e-6));
        }
    }

    @Test
    void aSlowMachineStretchesTheEstimatedItemsOnly() {
        try (Progress p = progress(100, 500)) {
            p.start("jcstress", 60, false);
            at(120);
            p.spent(60); // twice as slow as planned
            p.start("lincheck", 40, false);
            assertThat(p.left()).isCloseTo(40 * 2 + 500, within(1e-6));
            at(200);
            assertThat(p.left()).as("past its stretched estimate: only the soak is left").isCloseTo(500, within(1e-6));
        }
    }
}
