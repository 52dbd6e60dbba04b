package skbstress.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import skbstress.api.LeakLevel;
import skbstress.api.SkbConfig;
import skbstress.impl.SkbImpl;

/**
 * What leak detection costs on the two hottest paths, alloc+free (struct + 2 KiB head) and clone+free (a
 * head-cache struct), at each level, in one run: run it with {@code -prof gc} for the bytes per operation. Level
 * off is the implementation as shipped: compare it with the same benchmark of a build without the tracker to see
 * the cost of its branches. Netty's leak detector at the nearest level (off and counts: DISABLED, sampled: SIMPLE,
 * paranoid: PARANOID; its sampling interval is 128 at both sampled rows) on its default allocator's 2 KiB heap
 * buffers runs beside, for scale.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Forks.EXECUTOR, Forks.EXECUTOR_CLASS, Forks.NO_LEAK_DETECTION,
        Forks.YOUNG_GEN})
@State(Scope.Thread)
public class LeakDetectionBenchmarks {
    /** A level, or sampled-N: sampled at an interval of N instead of the default. */
    @Param({"off", "counts", "sampled", "sampled-128", "paranoid"})
    public String level;

    private SkbImpl ops;
    private long orig;
    private ByteBuf nettyBuf;

    @Setup
    public void setUp() {
        String[] parts = level.split("-");
        LeakLevel l = LeakLevel.parse(parts[0]);
        if (parts.length > 1) {
            System.setProperty(LeakLevel.INTERVAL_PROPERTY, parts[1]); // read when the instance is made
        }
        ops = new SkbImpl(SkbConfig.UNBOUNDED, l);
        System.clearProperty(LeakLevel.INTERVAL_PROPERTY);
        orig = ops.allocSkb(2048, false);
        ResourceLeakDetector.setLevel(switch (l) {
            case OFF, COUNTS -> ResourceLeakDetector.Level.DISABLED;
            case SAMPLED -> ResourceLeakDetector.Level.SIMPLE;
            case PARANOID -> ResourceLeakDetector.Level.PARANOID;
        });
        nettyBuf = ByteBufAllocator.DEFAULT.heapBuffer(2048);
    }

    @TearDown
    public void tearDown() {
        nettyBuf.release();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        ops.free(orig);
        if (!ops.leaks().isEmpty()) {
            throw new IllegalStateException("the benchmark leaked: " + ops.leaks().text());
        }
    }

    @Benchmark
    public boolean allocFree() {
        return ops.free(ops.allocSkb(2048, false));
    }

    @Benchmark
    public boolean cloneFree() {
        return ops.free(ops.clone(orig));
    }

    @Benchmark
    public boolean nettyAllocRelease() {
        return ByteBufAllocator.DEFAULT.heapBuffer(2048).release();
    }

    @Benchmark
    public boolean nettyRetainedDuplicateRelease() {
        return nettyBuf.retainedDuplicate().release();
    }
}
