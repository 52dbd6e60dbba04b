package skbstress.subject;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import skbstress.api.SkbConfig;
import skbstress.api.SkbDiagnostics;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;
import skbstress.api.subject.Capability;
import skbstress.api.subject.ObjectAllocator;
import skbstress.api.subject.ReferenceCount;
import skbstress.api.subject.SharedViews;
import skbstress.api.subject.Subject;
import skbstress.impl.SkbImpl;

/**
 * Our implementation: a caller cache of the slab allocator as the object allocator, an skb's {@code users}
 * as the reference count (skb_get, kfree_skb), skb_clone as a shared view (a new struct, {@code dataref} + 1),
 * and every skb operation. Objects and skbs are their handles, boxed.
 */
public final class OurSubject implements Subject {
    public static final String NAME = "skbstress";
    /** The caller cache's object size. */
    static final int OBJECT_SIZE = 256;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String about() {
        return "this project's lock-free slab allocator and skb implementation (impl/)";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public ObjectAllocator newAllocator() {
        return cacheAllocator(new SkbImpl(SkbConfig.UNBOUNDED));
    }

    /**
     * A new caller cache of {@code ops} as an object allocator: the capability over any skb implementation,
     * so that a check can run it on the model as on ours.
     */
    public static ObjectAllocator cacheAllocator(SkbOps ops) {
        int cache = ops.createCache("subject-objects", OBJECT_SIZE, 0, null, 0);
        return new ObjectAllocator() {
            @Override
            public Object alloc() {
                return ops.cacheAlloc(cache);
            }

            @Override
            public void free(Object o) {
                ops.cacheFree(cache, (Long) o);
            }

            @Override
            public long outstanding() {
                // the diagnostics count without building a snapshot; the model has only its snapshot
                return ops instanceof SkbDiagnostics d ? d.liveObjects(cache)
                        : ops.snapshot().caches().get(cache).live();
            }

            @Override
            public Misuse misuse() {
                return Misuse.REFUSED;
            }
        };
    }

    @Override
    public ReferenceCount newReferenceCount() {
        return new Skbs(new SkbImpl(SkbConfig.UNBOUNDED));
    }

    @Override
    public SharedViews newSharedViews() {
        return new Skbs(new SkbImpl(SkbConfig.UNBOUNDED));
    }

    /** The skbs of {@code ops} as counted views (users the count, a clone a view), over any skb implementation. */
    public static SharedViews skbViews(SkbOps ops) {
        return new Skbs(ops);
    }

    @Override
    public SkbOps newSkbOps() {
        return new SkbImpl(SkbConfig.UNBOUNDED);
    }

    /** Skbs as counted views: users is the count, a clone is a view. */
    private static final class Skbs implements SharedViews {
        private final SkbOps ops;

        Skbs(SkbOps ops) {
            this.ops = ops;
        }

        @Override
        public Object create() {
            return ops.allocSkb(MAX_SIZE, false);
        }

        @Override
        public Object createWith(byte[] content) {
            long h = ops.allocSkb(MAX_SIZE, false);
            ops.put(h, content);
            return h;
        }

        @Override
        public void retain(Object o) {
            ops.get((Long) o);
        }

        @Override
        public boolean release(Object o) {
            return ops.free((Long) o);
        }

        @Override
        public int count(Object o) {
            try {
                return ops.view((Long) o).users();
            } catch (SkbException freed) {
                return 0; // a freed skb's handle names no skb
            }
        }

        @Override
        public long live() {
            return ops.snapshot().skbs().size();
        }

        @Override
        public ObjectAllocator.Misuse overRelease() {
            return ObjectAllocator.Misuse.REFUSED;
        }

        @Override
        public Overflow overflow() {
            return Overflow.SATURATES;
        }

        @Override
        public Object derive(Object view) {
            return ops.clone((Long) view);
        }

        @Override
        public byte read(Object view, int index) {
            return (byte) ops.linearBytes((Long) view).at(index);
        }

        @Override
        public long liveData() {
            Set<Long> data = new HashSet<>();
            for (Snapshot.Skb s : ops.snapshot().skbs().values()) {
                data.add((long) s.shinfo());
            }
            return data.size();
        }
    }
}
