package skbstress.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import skbstress.api.SkbConfig;
import skbstress.impl.Fault;
import skbstress.impl.SkbImpl;

/** The multi-threaded differential check: totals at quiescence, as the model predicts them. */
class ConcurrentSoakTest {

    @Test
    void sharedSkbsBuffersAndObjectsAreReleasedExactlyOnce() throws InterruptedException {
        for (int threads : new int[] {2, 4}) {
            ConcurrentSoak.Result r = new ConcurrentSoak(new SkbImpl(), threads).run(7 + threads, 20_000);
            assertThat(r.problems()).as("%d threads", threads).isEmpty();
            assertThat(r.skbs()).isGreaterThan(1000);
            assertThat(r.driverBuffers()).isGreaterThan(100);
            assertThat(r.ubufs()).isGreaterThan(100);
        }
    }

    /** The check can fail: free functions run per slice are seen at once. */
    @Test
    void aFreeFunctionRunPerSliceIsCaught() throws InterruptedException {
        SkbImpl broken = new SkbImpl(SkbConfig.UNBOUNDED, EnumSet.of(Fault.FREE_FUNCTION_PER_SKB), false);
        ConcurrentSoak.Result r = new ConcurrentSoak(broken, 2).run(3, 2_000);
        assertThat(r.problems()).anyMatch(p -> p.contains("free function"));
    }
}
