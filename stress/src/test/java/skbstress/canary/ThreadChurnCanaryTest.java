package skbstress.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.impl.SkbImpl;

/**
 * P-SLAB-1 under thread churn: short-lived threads each take an object of a bounded cache and free it
 * (into their own magazine) and end. A cache that gives ended threads' magazines back never runs dry;
 * the canary that keeps them (stress/src/mutants/ended-threads-keep-magazines.mutant) does.
 */
class ThreadChurnCanaryTest {

    /** What went wrong with 500 short-lived threads on a cache of 64 objects, or null. */
    static String churn(SkbOps ops) throws InterruptedException {
        int cache = ops.createCache("churn", 64, 0, null, 64);
        AtomicReference<String> problem = new AtomicReference<>();
        for (int t = 0; t < 500 && problem.get() == null; t++) {
            int n = t;
            Thread th = new Thread(() -> {
                try {
                    ops.cacheFree(cache, ops.cacheAlloc(cache));
                } catch (SkbException e) {
                    problem.set("thread " + n + ": " + e.getMessage());
                }
            });
            th.start();
            th.join();
        }
        return problem.get();
    }

    @Test
    void endedThreadsGiveTheirObjectsBack() throws InterruptedException {
        SkbImpl impl = new SkbImpl();
        assertThat(churn(impl)).as("P-SLAB-1: a bounded cache never runs dry while its objects are free").isNull();
        assertThat(impl.registeredThreads()).as("ended threads are forgotten").isLessThanOrEqualTo(1);
    }

    @Test
    void theCanaryThatKeepsEndedThreadsMagazinesRunsDry() throws InterruptedException {
        SkbOps broken = Canaries.endedThreadsKeepMagazines(SkbConfig.UNBOUNDED, 32);
        assertThat(churn(broken)).as("the bounded cache runs dry").contains("EXHAUSTED");
    }
}
