package skbstress.bench;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.Recycler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import skbstress.impl.SkbImpl;
import skbstress.impl.slab.Magazine;
import skbstress.impl.slab.SlabArena;
import skbstress.impl.slab.SlabBulk;
import skbstress.impl.slab.SlabCache;

/**
 * Single-thread fast paths, ours against Netty's, average time per operation:
 * <ul>
 *   <li>{@code skbAllocFree} (descriptor + 2 KiB head) vs 2 KiB alloc+release on Netty 4.2's default allocator
 *       ({@code ByteBufAllocator.DEFAULT}, the adaptive one: {@code nettyAdaptiveHeapAllocRelease},
 *       {@code nettyAdaptiveDirectAllocRelease}) and its pooled one ({@code nettyPooledHeapAllocRelease},
 *       {@code nettyPooledDirectAllocRelease}), and {@code newByteArray}: a plain {@code new byte[2048]} left to
 *       the garbage collector, the floor any pool has to beat;</li>
 *   <li>{@code skbFastCloneFree} (the fclone pair's skb2) and {@code skbCloneFree} (a head-cache struct) vs
 *       {@code nettyRetainedDuplicateRelease} (pooled direct) and {@code nettyAdaptiveRetainedDuplicateRelease}
 *       (adaptive heap);</li>
 *   <li>{@code kernelFastCloneAtomics}: the three atomic read-modify-writes the kernel's fast clone+free does, alone
 *       (the floor of that path for any implementation of its semantics);</li>
 *   <li>{@code slabAllocFree} (one 256-byte object) vs {@code nettyRecyclerGetRecycle};</li>
 *   <li>{@code slabBulkAllocFree} (kmem_cache_alloc_bulk and kmem_cache_free_bulk of {@value #BULK} objects, time per
 *       object) vs {@code nettyRecyclerBulkGetRecycle} ({@value #BULK} gets, then {@value #BULK} recycles);</li>
 *   <li>{@code skbAllocFreeTwoThreads}: the same as {@code skbAllocFree} on two threads (scaling).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Forks.EXECUTOR, Forks.EXECUTOR_CLASS, Forks.NO_LEAK_DETECTION,
        Forks.YOUNG_GEN})
@State(Scope.Thread)
public class SkbBenchmarks {
    /** One implementation for all threads of a run (shared state, per-thread magazines). */
    @State(Scope.Benchmark)
    public static class Shared {
        SkbImpl ops;

        @Setup
        public void setUp() {
            ops = new SkbImpl();
        }
    }

    /** Two counters for {@code kernelFastCloneAtomics}, on one object as the kernel's are near each other. */
    private final java.util.concurrent.atomic.AtomicLong dataref = new java.util.concurrent.atomic.AtomicLong(1);
    private final java.util.concurrent.atomic.AtomicLong fcloneRef = new java.util.concurrent.atomic.AtomicLong(1);
    private long orig;
    private long fcloneOrig;
    private ByteBuf nettyBuf;
    private ByteBuf adaptiveBuf;
    private SlabCache slab;
    private Magazine magazine;
    /** Objects per bulk call: the batch the kernel's NAPI cache and its users take and give back. */
    static final int BULK = 16;
    private final int[] bulk = new int[BULK];
    private final Pooled[] pooled = new Pooled[BULK];

    private static final Recycler<Pooled> RECYCLER = new Recycler<>() {
        @Override
        protected Pooled newObject(Handle<Pooled> handle) {
            return new Pooled(handle);
        }
    };

    static final class Pooled {
        final Recycler.Handle<Pooled> handle;

        Pooled(Recycler.Handle<Pooled> handle) {
            this.handle = handle;
        }
    }

    @Setup
    public void setUp(Shared shared) {
        orig = shared.ops.allocSkb(2048, false);
        fcloneOrig = shared.ops.allocSkb(2048, true);
        nettyBuf = PooledByteBufAllocator.DEFAULT.directBuffer(2048);
        // the adaptive rows are named for 4.2's default: a fork that set io.netty.allocator.type would mislabel them
        if (!(ByteBufAllocator.DEFAULT instanceof AdaptiveByteBufAllocator)) {
            throw new IllegalStateException("Netty's default allocator is " + ByteBufAllocator.DEFAULT.getClass()
                    .getName() + ", not the adaptive one these benchmarks name (io.netty.allocator.type set?)");
        }
        adaptiveBuf = ByteBufAllocator.DEFAULT.heapBuffer(2048);
        SlabArena arena = new SlabArena(false);
        slab = arena.create("bench-256", 256, 0, null, 0, true, null);
        magazine = arena.local().magazine(slab.id);
    }

    @TearDown
    public void tearDown(Shared shared) {
        shared.ops.free(orig);
        shared.ops.free(fcloneOrig);
        nettyBuf.release();
        adaptiveBuf.release();
    }

    @Benchmark
    public boolean skbAllocFree(Shared s) {
        return s.ops.free(s.ops.allocSkb(2048, false));
    }

    @Benchmark
    @Threads(2)
    public boolean skbAllocFreeTwoThreads(Shared s) {
        return s.ops.free(s.ops.allocSkb(2048, false));
    }

    @Benchmark
    public boolean nettyAdaptiveHeapAllocRelease() {
        return ByteBufAllocator.DEFAULT.heapBuffer(2048).release();
    }

    @Benchmark
    public boolean nettyAdaptiveDirectAllocRelease() {
        return ByteBufAllocator.DEFAULT.directBuffer(2048).release();
    }

    @Benchmark
    public boolean nettyPooledHeapAllocRelease() {
        return PooledByteBufAllocator.DEFAULT.heapBuffer(2048).release();
    }

    @Benchmark
    public boolean nettyPooledDirectAllocRelease() {
        return PooledByteBufAllocator.DEFAULT.directBuffer(2048).release();
    }

    /** Returned, so that JMH's blackhole keeps the array from being scalar-replaced away. */
    @Benchmark
    public byte[] newByteArray() {
        return new byte[2048];
    }

    @Benchmark
    public boolean skbFastCloneFree(Shared s) {
        return s.ops.free(s.ops.clone(fcloneOrig));
    }

    @Benchmark
    public boolean skbCloneFree(Shared s) {
        return s.ops.free(s.ops.clone(orig));
    }

    /**
     * The floor of a fast clone and free with the kernel's semantics: its three atomic read-modify-writes (skb_clone's
     * atomic_inc of dataref, skb_release_data's atomic_sub_return, kfree_skbmem's refcount_dec_and_test of
     * fclone_ref; refcount_set of fclone_ref to 2 is a plain store) and nothing else.
     */
    @Benchmark
    public long kernelFastCloneAtomics() {
        dataref.getAndAdd(1);
        dataref.getAndAdd(-1);
        fcloneRef.lazySet(2);
        return fcloneRef.getAndAdd(-1);
    }

    @Benchmark
    public boolean nettyRetainedDuplicateRelease() {
        return nettyBuf.retainedDuplicate().release();
    }

    @Benchmark
    public boolean nettyAdaptiveRetainedDuplicateRelease() {
        return adaptiveBuf.retainedDuplicate().release();
    }

    /** The allocator's own fast path, as skb structs and heads use it (no handle, so no life to end). */
    @Benchmark
    public int slabAllocFree() {
        int i = slab.allocUntracked(magazine);
        slab.freeUntracked(magazine, i);
        return i;
    }

    @Benchmark
    @OperationsPerInvocation(BULK)
    public int slabBulkAllocFree() {
        int n = SlabBulk.allocBulk(slab, magazine, bulk, 0, BULK);
        SlabBulk.freeBulk(slab, magazine, bulk, 0, n);
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(BULK)
    public Object nettyRecyclerBulkGetRecycle() {
        for (int k = 0; k < BULK; k++) {
            pooled[k] = RECYCLER.get();
        }
        for (int k = 0; k < BULK; k++) {
            pooled[k].handle.recycle(pooled[k]);
        }
        return pooled[BULK - 1];
    }

    @Benchmark
    public Object nettyRecyclerGetRecycle() {
        Pooled p = RECYCLER.get();
        p.handle.recycle(p);
        return p;
    }
}
