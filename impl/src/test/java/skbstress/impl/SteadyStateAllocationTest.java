package skbstress.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import skbstress.api.SkbOps;

/**
 * The skb fast paths make no Java objects once warm: alloc+free of a 2 KiB skb, fast clone+free,
 * slow clone+free, get+free. Measured with the JVM's per-thread allocation counter (JMH's -prof gc
 * gives the same figure per operation in the benchmarks).
 */
class SteadyStateAllocationTest {
    private static final int OPS = 200_000;

    private static long allocatedBy(Runnable r) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int warm = 0; warm < 3; warm++) {
            r.run();
        }
        long before = mx.getThreadAllocatedBytes(tid);
        r.run();
        return mx.getThreadAllocatedBytes(tid) - before;
    }

    @Test
    void allocAndFree() {
        SkbOps ops = new SkbImpl();
        long bytes = allocatedBy(() -> {
            for (int i = 0; i < OPS; i++) {
                ops.free(ops.allocSkb(2048, false));
            }
        });
        assertThat(bytes).as("bytes for %d alloc+free", OPS).isLessThan(1024);
    }

    @Test
    void fastCloneAndFree() {
        SkbOps ops = new SkbImpl();
        long orig = ops.allocSkb(2048, true);
        long bytes = allocatedBy(() -> {
            for (int i = 0; i < OPS; i++) {
                ops.free(ops.clone(orig));
            }
        });
        assertThat(bytes).isLessThan(1024);
        ops.free(orig);
    }

    @Test
    void slowCloneAndFreeAndGet() {
        SkbOps ops = new SkbImpl();
        long orig = ops.allocSkb(2048, false);
        long bytes = allocatedBy(() -> {
            for (int i = 0; i < OPS; i++) {
                long c = ops.clone(orig);
                ops.get(c);
                ops.free(c);
                ops.consume(c);
            }
        });
        assertThat(bytes).isLessThan(1024);
        ops.free(orig);
    }
}
