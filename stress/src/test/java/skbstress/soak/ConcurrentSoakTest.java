package skbstress.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;
import skbstress.canary.Canaries;
import skbstress.impl.SkbImpl;

/** The multi-threaded differential check: totals at quiescence, as the model predicts them. */
class ConcurrentSoakTest {

    @Test
    void roundsOnOneInstanceReleaseEverythingExactlyOnce() throws InterruptedException {
        for (int threads : new int[] {2, 4}) {
            ConcurrentSoak soak = new ConcurrentSoak(new SkbImpl(), new SkbImpl(), threads);
            for (int round = 0; round < 3; round++) {
                ConcurrentSoak.Result r = soak.round(7 + threads * 10 + round, 6_000);
                assertThat(r.problems()).as("%d threads, round %d", threads, round).isEmpty();
                assertThat(r.operations()).isEqualTo(threads * 6_000L);
                assertThat(r.skbs()).isGreaterThan(1000);
                assertThat(r.driverBuffers()).isGreaterThan(100);
                assertThat(r.ubufs()).isGreaterThan(100);
                assertThat(r.misuses()).as("misuse was attempted and refused by name").isGreaterThan(100);
            }
        }
    }

    /** The check can fail: free functions run per slice are seen at once. */
    @Test
    void aFreeFunctionRunPerSliceIsCaught() throws InterruptedException {
        SkbOps broken = Canaries.freeFunctionPerSlice(SkbConfig.UNBOUNDED, 32);
        ConcurrentSoak.Result r = new ConcurrentSoak(broken, new SkbImpl(), 2).round(3, 2_000);
        assertThat(r.problems()).anyMatch(p -> p.contains("free function"));
    }

    /** The check can fail: threads that end keep their cached objects for ever. */
    @Test
    void endedThreadsKeepingTheirObjectsAreCaught() throws InterruptedException {
        SkbOps broken = Canaries.endedThreadsKeepMagazines(SkbConfig.UNBOUNDED, 32);
        ConcurrentSoak soak = new ConcurrentSoak(broken, new SkbImpl(), 3);
        ConcurrentSoak.Result r = soak.round(1, 2_000);
        assertThat(r.problems()).anyMatch(p -> p.contains("threads still registered") || p.contains("live objects"));
    }
}
