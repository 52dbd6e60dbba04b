package skbstress.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;
import skbstress.impl.SkbImpl;

/**
 * Cross-thread free, the normal RX case: one thread allocates, another frees, through an SPSC hand-off.
 * Each group has one producer and one consumer; the score of a group is the time per buffer (both
 * threads run at the same rate). {@code handOff} passes numbers only: the cost of the hand-off itself.
 * Netty's side runs on its pooled direct buffers and on its 4.2 default (adaptive) heap buffers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Forks.EXECUTOR, Forks.EXECUTOR_CLASS, Forks.NO_LEAK_DETECTION,
        Forks.YOUNG_GEN})
@State(Scope.Group)
public class CrossThreadBenchmarks {
    private SkbImpl ops;
    private SpscRing ring;
    private SpscRing numbers;
    private final ConcurrentLinkedQueue<ByteBuf> unused = new ConcurrentLinkedQueue<>();
    private SpscRingOfObjects<ByteBuf> nettyRing;

    @Setup(Level.Iteration)
    public void setUp() {
        if (ops == null) {
            ops = new SkbImpl();
        }
        ring = new SpscRing(1024);
        numbers = new SpscRing(1024);
        nettyRing = new SpscRingOfObjects<>(1024);
    }

    @TearDown(Level.Iteration)
    public void drain() {
        for (long h; (h = ring.poll()) != SpscRing.EMPTY; ) {
            ops.free(h);
        }
        for (ByteBuf b; (b = nettyRing.poll()) != null; ) {
            b.release();
        }
        unused.clear();
    }

    // ---------------------------------------------------------------- baseline: the hand-off alone

    @Benchmark
    @Group("handOff")
    @GroupThreads(1)
    public void handOffProduce(Control c) {
        while (!numbers.offer(1) && !c.stopMeasurement) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @Group("handOff")
    @GroupThreads(1)
    public long handOffConsume(Control c) {
        long v;
        while ((v = numbers.poll()) == SpscRing.EMPTY && !c.stopMeasurement) {
            Thread.onSpinWait();
        }
        return v;
    }

    // ---------------------------------------------------------------- ours

    @Benchmark
    @Group("skbCrossThreadFree")
    @GroupThreads(1)
    public void skbAllocate(Control c) {
        long skb = ops.allocSkb(2048, false);
        while (!ring.offer(skb)) {
            if (c.stopMeasurement) {
                ops.free(skb);
                return;
            }
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @Group("skbCrossThreadFree")
    @GroupThreads(1)
    public boolean skbFree(Control c) {
        long skb;
        while ((skb = ring.poll()) == SpscRing.EMPTY) {
            if (c.stopMeasurement) {
                return false;
            }
            Thread.onSpinWait();
        }
        return ops.free(skb);
    }

    // ---------------------------------------------------------------- Netty

    @Benchmark
    @Group("nettyCrossThreadRelease")
    @GroupThreads(1)
    public void nettyAllocate(Control c) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(2048);
        while (!nettyRing.offer(b)) {
            if (c.stopMeasurement) {
                b.release();
                return;
            }
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @Group("nettyCrossThreadRelease")
    @GroupThreads(1)
    public boolean nettyRelease(Control c) {
        ByteBuf b;
        while ((b = nettyRing.poll()) == null) {
            if (c.stopMeasurement) {
                return false;
            }
            Thread.onSpinWait();
        }
        return b.release();
    }

    @Benchmark
    @Group("nettyAdaptiveCrossThreadRelease")
    @GroupThreads(1)
    public void nettyAdaptiveAllocate(Control c) {
        ByteBuf b = ByteBufAllocator.DEFAULT.heapBuffer(2048);
        while (!nettyRing.offer(b)) {
            if (c.stopMeasurement) {
                b.release();
                return;
            }
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @Group("nettyAdaptiveCrossThreadRelease")
    @GroupThreads(1)
    public boolean nettyAdaptiveRelease(Control c) {
        ByteBuf b;
        while ((b = nettyRing.poll()) == null) {
            if (c.stopMeasurement) {
                return false;
            }
            Thread.onSpinWait();
        }
        return b.release();
    }
}
