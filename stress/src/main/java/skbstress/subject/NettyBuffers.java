package skbstress.subject;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.IllegalReferenceCountException;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import skbstress.api.subject.Capability;
import skbstress.api.subject.ObjectAllocator;
import skbstress.api.subject.ReferenceCount;
import skbstress.api.subject.SharedViews;
import skbstress.api.subject.Subject;

/**
 * Netty 4.2's buffers as counted views: {@code retain}/{@code release} as the holder's count,
 * {@code retainedDuplicate} as a view over the same memory, the allocator as the data's cache. Netty refuses
 * a release past zero and a retain past its limit ({@link IllegalReferenceCountException}) where the kernel's
 * refcount_t saturates; the capability says so ({@link ReferenceCount.Overflow#REFUSED}). The races run it
 * with the options of {@link #jvmArgs}.
 */
public abstract class NettyBuffers implements Subject {
    private final String name;
    private final String about;
    private final boolean direct;

    NettyBuffers(String name, String about, boolean direct) {
        this.name = name;
        this.about = about;
        this.direct = direct;
    }

    /**
     * Netty set up for checking, in the JVMs that race it. ByteBuf objects are not reused (their memory still
     * is, by the allocator), and memory is read without Unsafe: a buffer used after its free then meets
     * Netty's own access check (refCnt 0), or a null memory (a use racing the free), both outcomes a race can
     * name, where with reuse it would read another buffer and through Unsafe it can crash the JVM.
     */
    @Override
    public java.util.List<String> jvmArgs() {
        return java.util.List.of("-Dio.netty.recycler.maxCapacityPerThread=0", "-Dio.netty.noUnsafe=true");
    }

    /** A new allocator of this subject's kind (made once per JVM, see {@link #ALLOCATORS}). */
    abstract ByteBufAllocator allocator();

    @Override
    public String name() {
        return name;
    }

    @Override
    public String about() {
        return about + ", " + (direct ? "direct" : "heap") + " buffers (Netty " + NettyVersion.of()
                + "; raced with " + String.join(" ", jvmArgs()) + ")";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.REFERENCE_COUNT, Capability.SHARED_VIEWS);
    }

    @Override
    public ReferenceCount newReferenceCount() {
        return newSharedViews();
    }

    /**
     * One allocator of each kind per JVM. Each Netty allocator keeps per-thread caches under a FastThreadLocal
     * of its own, whose index is never given back, so an allocator per test (Lincheck makes thousands) runs
     * the heap out. The views and counts made from it are new for each call; the allocator is Netty's shared
     * memory, as in an application.
     */
    private static final java.util.Map<String, ByteBufAllocator> ALLOCATORS =
            new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public SharedViews newSharedViews() {
        NettyVersion.ready();
        ByteBufAllocator a = ALLOCATORS.computeIfAbsent(name, n -> allocator());
        Supplier<ByteBuf> make = direct ? () -> a.directBuffer(SharedViews.MAX_SIZE)
                : () -> a.heapBuffer(SharedViews.MAX_SIZE);
        return new SharedViews() {
            @Override
            public Object create() {
                return make.get();
            }

            @Override
            public Object createWith(byte[] content) {
                return make.get().writeBytes(content);
            }

            @Override
            public void retain(Object o) {
                ((ByteBuf) o).retain();
            }

            @Override
            public boolean release(Object o) {
                return ((ByteBuf) o).release();
            }

            @Override
            public int count(Object o) {
                return ((ByteBuf) o).refCnt();
            }

            @Override
            public ObjectAllocator.Misuse overRelease() {
                return ObjectAllocator.Misuse.REFUSED;
            }

            @Override
            public Overflow overflow() {
                return Overflow.REFUSED;
            }

            @Override
            public Object derive(Object view) {
                return ((ByteBuf) view).retainedDuplicate();
            }

            @Override
            public byte read(Object view, int index) {
                return ((ByteBuf) view).getByte(index);
            }
        };
    }

    /** The pooled allocator (jemalloc-like arenas and thread caches), heap buffers. */
    public static final class PooledHeap extends NettyBuffers {
        public PooledHeap() {
            super("netty-pooled", "Netty's PooledByteBufAllocator", false);
        }

        @Override
        ByteBufAllocator allocator() {
            return new PooledByteBufAllocator(false);
        }
    }

    /** The pooled allocator, direct buffers. */
    public static final class PooledDirect extends NettyBuffers {
        public PooledDirect() {
            super("netty-pooled-direct", "Netty's PooledByteBufAllocator", true);
        }

        @Override
        ByteBufAllocator allocator() {
            return new PooledByteBufAllocator(true);
        }
    }

    /** The adaptive allocator, Netty 4.2's default, heap buffers. */
    public static final class AdaptiveHeap extends NettyBuffers {
        public AdaptiveHeap() {
            super("netty-adaptive", "Netty's AdaptiveByteBufAllocator (4.2's default)", false);
        }

        @Override
        ByteBufAllocator allocator() {
            return new AdaptiveByteBufAllocator(false, true);
        }
    }

    /** The adaptive allocator, direct buffers. */
    public static final class AdaptiveDirect extends NettyBuffers {
        public AdaptiveDirect() {
            super("netty-adaptive-direct", "Netty's AdaptiveByteBufAllocator (4.2's default)", true);
        }

        @Override
        ByteBufAllocator allocator() {
            return new AdaptiveByteBufAllocator(true, true);
        }
    }
}
