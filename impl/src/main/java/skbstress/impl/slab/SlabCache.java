package skbstress.impl.slab;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import skbstress.api.Kernel;
import skbstress.api.ObjectCtor;
import skbstress.api.ObjectMemory;

/**
 * One kmem_cache of fixed-size objects.
 *
 * <p><b>Algorithm.</b> Allocation pops the calling thread's {@link Magazine}; an empty magazine is
 * refilled with one batch from the {@link Depot} (one CAS); an empty depot grows the cache by one slab
 * (a CAS on {@code created} reserves its objects, so a bounded cache never passes its capacity; the new
 * slab is published with a release store, then pushed to the depot as one chain). A free pushes on the
 * caller's magazine, from any thread; a full magazine flushes half of itself to the depot as one chain.
 * No path takes a lock; the depot's CAS loops are lock-free, everything else is thread-local.
 *
 * <p><b>Objects</b> are indices {@code slab << shift | slot}. Each has a generation (odd while
 * allocated), a free-list link, an owner word, an optional payload created once with the slab, and
 * {@code alignedSize} bytes when the cache has bytes. A constructor runs once per object, when its slab
 * is made.
 *
 * <p><b>Debug mode</b> ({@code poison}): frees fill the object with {@link #POISON}; an allocation that
 * finds the poison disturbed counts a violation (a write after free).
 */
public final class SlabCache {
    public static final byte POISON = 0x6b;
    /** An unbounded cache still stops at this many bytes of objects (or the handle's index space). */
    public static final long UNBOUNDED_LIMIT_BYTES = 1L << 30;
    /** Owner word: domain in the low byte, role above it, access pins above that. */
    public static final int DOMAIN_MASK = 0xff;
    public static final int ROLE_SHIFT = 8;
    public static final int ROLE_MASK = 0x3 << ROLE_SHIFT;
    public static final int FLIPPING = 1 << 10;
    public static final int PIN = 1 << 11;

    private static final VarHandle CREATED;
    private static final VarHandle SLABS = MethodHandles.arrayElementVarHandle(Slab[].class);
    private static final VarHandle DIR;
    private static final VarHandle POISON_VIOLATIONS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CREATED = l.findVarHandle(SlabCache.class, "created", int.class);
            POISON_VIOLATIONS = l.findVarHandle(SlabCache.class, "poisonViolations", int.class);
            DIR = l.findVarHandle(SlabCache.class, "dir", Slab[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public final int id;
    public final String name;
    public final int objectSize;
    public final int alignedSize;
    public final int capacity;
    public final int objectsPerSlab;
    private final int shift;
    private final int slotMask;
    private final boolean hasBytes;
    private final ObjectCtor ctor;
    private final PayloadFactory payloadFactory;
    private final boolean poison;
    /**
     * The slab directory, replaced by a longer copy when the cache outgrows it. A grower stores its slab
     * and then checks that the directory was not replaced (if it was, it stores into the new one); a
     * copier, after swapping in its copy, takes over every slab the old array gained since it copied.
     * These rare growth-path accesses are volatile, so they fall in one total order: either the grower's
     * check sees the new directory, or the copier's re-scan sees the grower's slab.
     */
    @SuppressWarnings("unused") // through DIR, and plain reads on the fast path
    private Slab[] dir = new Slab[4];
    private final int maxSlabs;
    /** Objects this cache may make: its capacity, or the unbounded limit. */
    private final int limit;
    final Depot depot;

    @SuppressWarnings("unused") // through CREATED
    private int created;
    @SuppressWarnings("unused") // through POISON_VIOLATIONS
    private int poisonViolations;

    /**
     * @param payloadFactory makes the Java payload of a new object (given its index), or null
     * @param bumpTag false only for the MISSING_TAG_BUMP canary
     */
    public SlabCache(int id, String name, int objectSize, int align, ObjectCtor ctor, int capacity,
                     boolean hasBytes, PayloadFactory payloadFactory, boolean poison, boolean bumpTag) {
        this.id = id;
        this.name = name;
        this.objectSize = objectSize;
        this.alignedSize = Kernel.align(objectSize, Math.max(8, align));
        this.capacity = capacity;
        this.objectsPerSlab = Kernel.objectsPerSlab(alignedSize);
        this.shift = Integer.numberOfTrailingZeros(objectsPerSlab);
        this.slotMask = objectsPerSlab - 1;
        this.hasBytes = hasBytes;
        this.ctor = ctor;
        this.payloadFactory = payloadFactory;
        this.poison = poison && ctor == null && hasBytes;
        int unbounded = (int) Math.min(HandleWord.MAX_INDEX + 1L, UNBOUNDED_LIMIT_BYTES / alignedSize);
        this.limit = capacity > 0 ? Math.min(capacity, HandleWord.MAX_INDEX + 1) : unbounded;
        this.maxSlabs = (limit + objectsPerSlab - 1) / objectsPerSlab;
        this.depot = new Depot(new Depot.Links() {
            @Override
            public int getNextOpaque(int index) {
                return slab(index).getNextOpaque(index & slotMask);
            }

            @Override
            public void setNextOpaque(int index, int next) {
                slab(index).setNextOpaque(index & slotMask, next);
            }

            @Override
            public boolean valid(int index) {
                return index >= 0 && index < getCreatedAcquire() && slabOrNull(index) != null;
            }
        }, bumpTag);
        if (capacity > 0) {
            // A bounded cache makes every slab now, as a mempool reserves its elements: with no growth in
            // flight, "the depot is empty" is the whole exhaustion test, one atomic read (see refill).
            int slabs = maxSlabs;
            int[] bases = new int[slabs];
            for (int k = 0; k < slabs; k++) {
                bases[k] = makeSlab();
            }
            for (int k = slabs - 1; k >= 0; k--) { // the first slab ends on top: index 0 is handed out first
                int n = Math.min(objectsPerSlab, limit - bases[k]);
                depot.pushChain(bases[k], bases[k] + n - 1);
            }
        }
    }

    // ---------------------------------------------------------------- locating objects

    private int getCreatedAcquire() {
        return (int) CREATED.getAcquire(this);
    }

    /**
     * The slab of an index this thread was given. Plain load: an index reaches a thread only after its
     * slab was published (the depot's CAS, a magazine of this thread, or a handle handed over with a
     * happens-before edge, as the kernel's rules require); a racy hand-off that sees null falls back to
     * the acquire load.
     */
    Slab slab(int index) {
        int s = index >>> shift;
        Slab[] d = dir;
        Slab slab = s < d.length ? d[s] : null;
        return slab != null ? slab : slabAcquire(s);
    }

    private Slab slabOrNull(int index) {
        return slab(index);
    }

    /** acquire: pairs with grow's release stores of the directory and of the slab. */
    private Slab slabAcquire(int s) {
        Slab[] d = (Slab[]) DIR.getAcquire(this);
        return s < d.length ? (Slab) SLABS.getAcquire(d, s) : null;
    }

    /** Whether {@code index} names an object this cache has made (for handles that may be forged). */
    public boolean exists(int index) {
        Slab s = index >= 0 ? slabOrNull(index) : null;
        return s != null && (index & slotMask) < s.count;
    }

    public int slot(int index) {
        return index & slotMask;
    }

    /** The generation of an object (odd while allocated). */
    public int generation(int index) {
        return slab(index).getGenAcquire(index & slotMask);
    }

    /** The payload of an index that may be forged: null unless the cache has made that object. */
    public Object payloadIfExists(int index) {
        Slab s = index >= 0 ? slabOrNull(index) : null;
        int slot = index & slotMask;
        return s != null && slot < s.count ? s.payload[slot] : null;
    }

    /** The Java payload of an object. */
    public Object payload(int index) {
        return slab(index).payload[index & slotMask];
    }

    /** The bytes array holding an object, and {@link #byteOffset} its start in it. */
    public byte[] bytesOf(int index) {
        return slab(index).bytes;
    }

    public int byteOffset(int index) {
        return (index & slotMask) * alignedSize;
    }

    // ---------------------------------------------------------------- owner words

    public int getOwnerAcquire(int index) {
        return slab(index).getOwnerAcquire(index & slotMask);
    }

    public void setOwnerRelease(int index, int word) {
        slab(index).setOwnerRelease(index & slotMask, word);
    }

    public boolean compareAndSetOwner(int index, int expected, int word) {
        return slab(index).compareAndSetOwner(index & slotMask, expected, word);
    }

    public int getAndAddOwner(int index, int delta) {
        return slab(index).getAndAddOwner(index & slotMask, delta);
    }

    // ---------------------------------------------------------------- allocation

    /** Whether an allocation by this thread would succeed now (exact for one thread; a hint under races). */
    public boolean canAlloc(Magazine m) {
        if (capacity == 0 || m.count > 0) {
            return true;
        }
        return getCreatedAcquire() < capacity || !depot.isEmpty();
    }

    /**
     * Allocates an object: returns its index with its new (odd) generation set, or -1 when a bounded
     * cache has none free here, in the depot, or to make.
     */
    public int alloc(Magazine m) {
        if (m.count == 0 && !refill(m)) {
            return -1;
        }
        int index = m.objs[--m.count];
        Slab s = slab(index);
        int slot = index & slotMask;
        // plain read: this thread owns the free object; release: a stale handle's acquire read sees the reuse
        s.setGenRelease(slot, s.getGenPlain(slot) + 1);
        if (poison) {
            checkPoison(s, slot);
        }
        return index;
    }

    /**
     * Allocates an object whose owner keeps its own generation (the skb structs: a descriptor's
     * generation names its handles), so the slab's is not touched; or -1 as {@link #alloc}.
     */
    public int allocUntracked(Magazine m) {
        if (m.count == 0 && !refill(m)) {
            return -1;
        }
        int index = m.objs[--m.count];
        if (poison) {
            checkPoison(slab(index), index & slotMask);
        }
        return index;
    }

    /** Frees an object allocated with {@link #allocUntracked}. */
    public void freeUntracked(Magazine m, int index) {
        if (poison) {
            int from = (index & slotMask) * alignedSize;
            Arrays.fill(slab(index).bytes, from, from + objectSize, POISON);
        }
        push(m, index);
    }

    /**
     * Refills an empty magazine with one batch from the depot, growing an unbounded cache when the depot is
     * empty. A bounded cache made all its objects when it was created, so its refill fails exactly when the
     * popBatch reads an empty depot: that read is where the exhaustion linearizes (P-SLAB-1).
     */
    private boolean refill(Magazine m) {
        while (true) {
            int n = depot.popBatch(m.scratch, m.scratch.length);
            if (n > 0) {
                for (int k = 0; k < n; k++) {
                    m.objs[n - 1 - k] = m.scratch[k]; // depot's top ends on the magazine's top
                }
                m.count = n;
                return true;
            }
            if (capacity > 0 || !grow()) {
                return false;
            }
        }
    }

    /** Adds one slab to an unbounded cache and pushes its objects, lowest index on top; false at the limit. */
    private boolean grow() {
        int base = makeSlab();
        if (base < 0) {
            return false;
        }
        depot.pushChain(base, base + Math.min(objectsPerSlab, limit - base) - 1);
        return true;
    }

    /**
     * Reserves the next slab's indices (a CAS on {@code created}), builds the slab with its objects linked
     * lowest first, and publishes it; returns its first index, or -1 at the limit. Its objects are not yet
     * in the depot.
     */
    private int makeSlab() {
        int base;
        int n;
        do {
            base = getCreatedAcquire();
            if (base >= limit) {
                return -1;
            }
            n = Math.min(objectsPerSlab, limit - base);
        } while (!CREATED.compareAndSet(this, base, base + n));
        Slab s = new Slab(base, n, alignedSize, hasBytes, this, payloadFactory);
        if (poison) {
            Arrays.fill(s.bytes, POISON); // a new slab counts as freed memory: its first users are checked too
        }
        if (ctor != null && hasBytes) {
            for (int k = 0; k < n; k++) {
                ctor.construct(new Memory(s.bytes, k * alignedSize, objectSize));
            }
        }
        publish(base >>> shift, s);
        return base;
    }

    /** Puts slab number {@code n} in the directory, growing it by copy when needed. */
    private void publish(int n, Slab s) {
        while (true) {
            Slab[] d = (Slab[]) DIR.getVolatile(this);
            if (n >= d.length) {
                Slab[] longer = java.util.Arrays.copyOf(d, Math.min(maxSlabs, Math.max(n + 1, d.length * 2)));
                if (DIR.compareAndSet(this, d, longer)) {
                    for (int i = 0; i < d.length; i++) { // what the old array gained since the copy
                        Slab late = (Slab) SLABS.getVolatile(d, i);
                        if (late != null) {
                            SLABS.compareAndSet(longer, i, null, late);
                        }
                    }
                }
                continue;
            }
            // volatile (a release at least): publishes the slab's arrays to every thread that later learns
            // one of its indices, and orders this store before the check below
            SLABS.setVolatile(d, n, s);
            if (DIR.getVolatile(this) == d) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- freeing

    /**
     * Frees an object whose exclusive ownership the caller has proven (an skb path); the generation
     * becomes even.
     */
    public void free(Magazine m, int index) {
        Slab s = slab(index);
        int slot = index & slotMask;
        if (poison) {
            Arrays.fill(s.bytes, slot * alignedSize, slot * alignedSize + objectSize, POISON);
        }
        // plain read: the caller owns the object; release: its last user's writes happen before any reuse
        s.setGenRelease(slot, s.getGenPlain(slot) + 1);
        push(m, index);
    }

    /**
     * Frees the allocation {@code generation} of an object; false when that allocation is not live (a
     * double free, or a stale handle). Two racing frees of one allocation: exactly one wins the CAS.
     */
    public boolean freeChecked(Magazine m, int index, int generation) {
        if (!claimFree(index, generation)) {
            return false;
        }
        pushClaimed(m, index);
        return true;
    }

    /**
     * The first half of {@link #freeChecked}: ends allocation {@code generation} (its generation becomes
     * even), or returns false when it is not live. The one caller that wins owns the dead object until it
     * calls {@link #pushClaimed}, so it may reset what lives beside the object (its owner word) without a
     * losing racer ever touching it.
     */
    public boolean claimFree(int index, int generation) {
        Slab s = slab(index);
        int slot = index & slotMask;
        // acquire: pairs with the allocation's release store, so a stale handle sees a reuse; the CAS decides
        if (!HandleWord.allocated(generation) || s.getGenAcquire(slot) != generation
                || !s.compareAndSetGen(slot, generation, generation + 1)) {
            return false;
        }
        if (poison) { // after the CAS: only the winner writes the object
            Arrays.fill(s.bytes, slot * alignedSize, slot * alignedSize + objectSize, POISON);
        }
        return true;
    }

    /** Puts an object won by {@link #claimFree} on the caller's magazine; from here it may be reused. */
    public void pushClaimed(Magazine m, int index) {
        push(m, index);
    }

    private void push(Magazine m, int index) {
        if (m.count == m.objs.length) {
            flush(m);
        }
        m.objs[m.count++] = index;
    }

    /** Moves the magazine's bottom half (its oldest frees) to the depot's top, as one chain. */
    private void flush(Magazine m) {
        int h = m.scratch.length;
        for (int k = h - 1; k > 0; k--) {
            Slab s = slab(m.objs[k]);
            s.setNextOpaque(m.objs[k] & slotMask, m.objs[k - 1]);
        }
        depot.pushChain(m.objs[h - 1], m.objs[0]);
        System.arraycopy(m.objs, h, m.objs, 0, m.count - h);
        m.count -= h;
    }

    // ---------------------------------------------------------------- debug and statistics

    private void checkPoison(Slab s, int slot) {
        int from = slot * alignedSize;
        for (int i = from; i < from + objectSize; i++) {
            if (s.bytes[i] != POISON) {
                POISON_VIOLATIONS.getAndAdd(this, 1);
                return;
            }
        }
    }

    /** Allocations that found a freed object's poison overwritten (debug mode). */
    public int poisonViolations() {
        return (int) POISON_VIOLATIONS.getAcquire(this);
    }

    /** Objects made so far. */
    public int created() {
        return getCreatedAcquire();
    }

    public int slabCount() {
        return (created() + objectsPerSlab - 1) / objectsPerSlab;
    }

    public int ctorRuns() {
        return ctor != null && hasBytes ? created() : 0;
    }

    public boolean hasCtor() {
        return ctor != null;
    }

    public int depotSizeAtQuiescence() {
        return depot.sizeAtQuiescence();
    }

    /** The depot's tag, for tests of the tag rule. */
    public int depotTag() {
        return depot.tag();
    }

    /** Calls {@code f} with the index of every object the cache has made. */
    public void forEachCreated(java.util.function.IntConsumer f) {
        int n = created();
        for (int i = 0; i < n; i++) {
            if (slabOrNull(i) != null) {
                f.accept(i);
            }
        }
    }

    /** Calls {@code f} with every allocated object's index; exact only at quiescence. */
    public void forEachAllocated(java.util.function.IntConsumer f) {
        int n = created();
        for (int i = 0; i < n; i++) {
            if (HandleWord.allocated(generation(i))) {
                f.accept(i);
            }
        }
    }

    /** A view of one object's bytes for its constructor. */
    private static final class Memory implements ObjectMemory {
        private final byte[] bytes;
        private final int offset;
        private final int size;

        Memory(byte[] bytes, int offset, int size) {
            this.bytes = bytes;
            this.offset = offset;
            this.size = size;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public byte get(int i) {
            return bytes[offset + i];
        }

        @Override
        public void put(int i, byte value) {
            bytes[offset + i] = value;
        }
    }
}
