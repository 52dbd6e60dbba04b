package skbstress.lincheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * P-SLAB-1 step by step, without races: two threads take turns (one operation at a time, each on its own
 * thread, so each uses its own magazine) on the implementation, and the model under {@link MagazineRule}
 * must predict every result, exhaustion while the other thread's magazine holds free objects included.
 * Lincheck checks the same specification under interleavings ({@code LincheckTest}).
 */
class MagazineRuleTest {
    private final ExecutorService[] threads = {Executors.newSingleThreadExecutor(), Executors.newSingleThreadExecutor()};

    @AfterEach
    void stop() {
        for (ExecutorService t : threads) {
            t.shutdownNow();
        }
    }

    @Test
    void predictsEveryResultOfTheImplementation() throws Exception {
        List<BiFunction<SlabLincheck, Integer, String>> ops = List.of(SlabLincheck::alloc, SlabLincheck::alloc,
                SlabLincheck::free, SlabLincheck::handOff, SlabLincheck::freeHandedOff, SlabLincheck::freeAgain);
        int exhaustedWithFreeObjects = 0;
        for (long seed = 1; seed <= 40; seed++) {
            Random rnd = new Random(seed);
            SlabLincheck impl = threads[0].submit(() -> new SlabLincheck()).get();
            SlabLincheck.Spec spec = new SlabLincheck.Spec();
            List<String> trace = new ArrayList<>();
            int live = 0;
            for (int step = 0; step < 60; step++) {
                int t = 1 + rnd.nextInt(2); // Lincheck's ids of the two parallel threads
                BiFunction<SlabLincheck, Integer, String> op = ops.get(rnd.nextInt(ops.size()));
                String got = threads[t - 1].submit(() -> op.apply(impl, t)).get();
                String want = op.apply(spec, t);
                trace.add(t + ":" + got);
                assertThat(got).as("P-SLAB-1, seed %d step %d, trace %s", seed, step, trace).isEqualTo(want);
                if (got.equals("EXHAUSTED") && live < SlabLincheck.CAPACITY) {
                    exhaustedWithFreeObjects++;
                }
                live = impl.ops.snapshot().caches().stream().filter(c -> c.name().equals("lincheck-objects"))
                        .findFirst().orElseThrow().live();
            }
            threads[0].submit(impl::quiescent).get();
        }
        assertThat(exhaustedWithFreeObjects).as("P-SLAB-1: allocations refused while objects sat in the other magazine")
                .isGreaterThan(0);
    }
}
