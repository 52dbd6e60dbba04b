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

    /**
     * Every skb struct of a bounded cache freed by a thread that then ended: the free structs sit in that
     * thread's magazine only. An skb allocation from another, older thread (registered before, so its
     * registration took nothing back) must take them back as an object allocation does, not refuse with
     * EXHAUSTED while they are free. Returns what each side did with {@code allocSkb} and
     * {@code allocSkbFromCache}.
     */
    static String afterAnEndedThread(SkbOps ops) throws InterruptedException {
        int cache = ops.createCache("heads", 512, 0, null, 8);
        int other = ops.createCache("other", 64, 0, null, 0);
        ops.cacheFree(other, ops.cacheAlloc(other)); // registers this thread, and takes no struct or head
        AtomicReference<String> problem = new AtomicReference<>("");
        Thread th = new Thread(() -> {
            try {
                long[] held = new long[8];
                for (int k = 0; k < held.length; k++) {
                    held[k] = ops.allocSkbFromCache(cache, 64); // every struct and every caller object
                }
                for (long h : held) {
                    ops.free(h); // all back to this thread's magazines
                }
            } catch (RuntimeException e) {
                problem.set("the ended thread: " + e + "; ");
            }
        });
        th.start();
        th.join();
        StringBuilder out = new StringBuilder(problem.get());
        for (int k = 0; k < 2; k++) {
            try {
                long h = k == 0 ? ops.allocSkb(64, false) : ops.allocSkbFromCache(cache, 64);
                ops.free(h);
                out.append(k == 0 ? "allocSkb ok; " : "allocSkbFromCache ok");
            } catch (SkbException e) {
                out.append(k == 0 ? "allocSkb " : "allocSkbFromCache ").append(e.code()).append(k == 0 ? "; " : "");
            }
        }
        return out.toString();
    }

    @Test
    void anSkbAllocationTakesBackWhatEndedThreadsFreed() throws InterruptedException {
        SkbConfig config = new SkbConfig(8, 8, 64, 64);
        String model = afterAnEndedThread(new skbstress.model.SkbModel(config));
        assertThat(model).isEqualTo("allocSkb ok; allocSkbFromCache ok");
        assertThat(afterAnEndedThread(new SkbImpl(config))).as("P-SLAB-1: the model's results").isEqualTo(model);
    }
}
