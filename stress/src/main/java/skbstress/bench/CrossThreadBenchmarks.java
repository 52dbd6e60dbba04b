package skbstress.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;
import skbstress.impl.SkbImpl;

/**
 * Cross-thread free, the normal RX case: one thread allocates, another frees. Each group has one producer and one
 * consumer passing batches of {@value #BATCH} buffers through two SPSC rings (full batches one way, the emptied
 * arrays back), so that the two threads run side by side in steady state: the producer fills one batch while the
 * consumer frees another, and a ring operation is paid once per batch rather than once per buffer (a hand-off per
 * buffer left the pair alternating between a full and an empty ring, and JMH's error larger than its score). The
 * score is the time per buffer of the pair: both threads process every buffer, at the same rate. {@code handOff}
 * passes batches of numbers only: the cost of the hand-off itself. Netty's side runs on its pooled direct buffers
 * and on its 4.2 default (adaptive) heap buffers. No path allocates per operation: the arrays circulate. (JMH's gc
 * profiler divides by the operations of both threads of a group, so its B/op is half the bytes per buffer.)
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Forks.EXECUTOR, Forks.EXECUTOR_CLASS, Forks.NO_LEAK_DETECTION,
        Forks.YOUNG_GEN})
@State(Scope.Group)
public class CrossThreadBenchmarks {
    /** Buffers per hand-off. */
    static final int BATCH = 32;
    /** Batches in flight: enough that neither thread waits for an array in steady state. */
    private static final int ARRAYS = 4;

    private SkbImpl ops;
    private Exchange<long[]> skbs;
    private Exchange<long[]> numbers;
    private Exchange<ByteBuf[]> bufs;

    /** Full batches one way, emptied arrays back; both rings hold every array at once. */
    static final class Exchange<T> {
        final SpscRingOfObjects<T> full = new SpscRingOfObjects<>(2 * ARRAYS);
        final SpscRingOfObjects<T> empty = new SpscRingOfObjects<>(2 * ARRAYS);

        Exchange(java.util.function.Supplier<T> array) {
            for (int k = 0; k < ARRAYS; k++) {
                put(empty, array.get());
            }
        }

        /** Puts an array back: the rings hold every array at once, so one that does not fit is this class's bug. */
        static <T> void put(SpscRingOfObjects<T> ring, T a) {
            if (!ring.offer(a)) {
                throw new IllegalStateException("a ring of " + 2 * ARRAYS + " slots is full with " + ARRAYS + " arrays");
            }
        }

        /** The next array from {@code ring}, or null once JMH stops the measurement. */
        static <T> T take(SpscRingOfObjects<T> ring, Control c) {
            T a;
            while ((a = ring.poll()) == null) {
                if (c.stopMeasurement) {
                    return null;
                }
                Thread.onSpinWait();
            }
            return a;
        }
    }

    @Setup(Level.Iteration)
    public void setUp() {
        if (ops == null) {
            ops = new SkbImpl();
        }
        skbs = new Exchange<>(() -> new long[BATCH]);
        numbers = new Exchange<>(() -> new long[BATCH]);
        bufs = new Exchange<>(() -> new ByteBuf[BATCH]);
    }

    @TearDown(Level.Iteration)
    public void drain() {
        for (long[] b; (b = skbs.full.poll()) != null; ) {
            for (long h : b) {
                ops.free(h);
            }
        }
        for (ByteBuf[] b; (b = bufs.full.poll()) != null; ) {
            for (ByteBuf x : b) {
                x.release();
            }
        }
    }

    // ---------------------------------------------------------------- baseline: the hand-off alone

    @Benchmark
    @Group("handOff")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public void handOffProduce(Control c) {
        long[] b = Exchange.take(numbers.empty, c);
        if (b != null) {
            for (int k = 0; k < BATCH; k++) {
                b[k] = k;
            }
            Exchange.put(numbers.full, b);
        }
    }

    @Benchmark
    @Group("handOff")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public long handOffConsume(Control c) {
        long[] b = Exchange.take(numbers.full, c);
        long sum = 0;
        if (b != null) {
            for (int k = 0; k < BATCH; k++) {
                sum += b[k];
            }
            Exchange.put(numbers.empty, b);
        }
        return sum;
    }

    // ---------------------------------------------------------------- ours

    @Benchmark
    @Group("skbCrossThreadFree")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public void skbAllocate(Control c) {
        long[] b = Exchange.take(skbs.empty, c);
        if (b != null) {
            for (int k = 0; k < BATCH; k++) {
                b[k] = ops.allocSkb(2048, false);
            }
            Exchange.put(skbs.full, b);
        }
    }

    @Benchmark
    @Group("skbCrossThreadFree")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public boolean skbFree(Control c) {
        long[] b = Exchange.take(skbs.full, c);
        boolean all = b != null;
        if (b != null) {
            for (int k = 0; k < BATCH; k++) {
                all &= ops.free(b[k]);
            }
            Exchange.put(skbs.empty, b);
        }
        return all;
    }

    // ---------------------------------------------------------------- Netty

    @Benchmark
    @Group("nettyCrossThreadRelease")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public void nettyAllocate(Control c) {
        produce(c, false);
    }

    @Benchmark
    @Group("nettyCrossThreadRelease")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public boolean nettyRelease(Control c) {
        return consume(c);
    }

    @Benchmark
    @Group("nettyAdaptiveCrossThreadRelease")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public void nettyAdaptiveAllocate(Control c) {
        produce(c, true);
    }

    @Benchmark
    @Group("nettyAdaptiveCrossThreadRelease")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public boolean nettyAdaptiveRelease(Control c) {
        return consume(c);
    }

    /** Netty's producer: pooled direct buffers, or the default (adaptive) allocator's heap buffers. */
    private void produce(Control c, boolean adaptive) {
        ByteBuf[] b = Exchange.take(bufs.empty, c);
        if (b != null) {
            for (int k = 0; k < BATCH; k++) {
                b[k] = adaptive ? ByteBufAllocator.DEFAULT.heapBuffer(2048)
                        : PooledByteBufAllocator.DEFAULT.directBuffer(2048);
            }
            Exchange.put(bufs.full, b);
        }
    }

    private boolean consume(Control c) {
        ByteBuf[] b = Exchange.take(bufs.full, c);
        boolean all = b != null;
        if (b != null) {
            for (int k = 0; k < BATCH; k++) {
                all &= b[k].release();
                b[k] = null;
            }
            Exchange.put(bufs.empty, b);
        }
        return all;
    }
}
