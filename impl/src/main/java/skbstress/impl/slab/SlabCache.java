package skbstress.impl.slab;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import skbstress.api.Kernel;
import skbstress.api.ObjectCtor;
import skbstress.api.Refusals;

/**
 * One kmem_cache of fixed-size objects.
 *
 * <p><b>Algorithm.</b> Allocation pops the calling thread's {@link Magazine}; an empty magazine is
 * refilled with one batch from the {@link Depot} (one CAS); an empty depot grows the cache by one slab
 * (its objects constructed first, then a CAS on {@code indices} reserves their indices, so a bounded
 * cache never passes its capacity; the slab is published, then pushed to the depot as one chain). A
 * free pushes on the caller's magazine, from any thread; a full magazine flushes half of itself to the
 * depot as one chain. No path takes a lock; the depot's CAS loops are lock-free, the rest thread-local.
 *
 * <p><b>Objects</b> are indices {@code slab << shift | slot}. Each has a life word ({@link ObjectLife}:
 * generation, pins, deferred release), a free-list link, an {@link OwnerWord}, an optional payload made once
 * with the slab, and {@code alignedSize} bytes when the cache has bytes. Objects named by handles are
 * <em>tracked</em>: {@link #alloc} opens a life, {@link #pin}/{@link #unpin} bracket every use through a
 * handle, {@link #claim} ends the life, and the release (back to the free list) waits for the pins. An
 * object that has used its generations retires instead (see {@link Generations}); a bounded cache makes
 * a new object in its place. The skb structs and kmalloc heads keep their own lives and use the
 * untracked pair {@link #allocUntracked}/{@link #freeUntracked}.
 *
 * <p><b>Constructors</b> run once per object, on a slab nobody sees yet: one that throws makes nothing
 * (CALLBACK_FAILED), and the memory it was given stops working when it returns.
 *
 * <p><b>Debug mode</b> ({@code poison}): frees fill the object with {@link #POISON}; an allocation that
 * finds the poison disturbed counts a violation (a write after free).
 */
public final class SlabCache extends SlabDirectory {
    public static final byte POISON = 0x6b;

    /** Results of {@link #claim}. */
    public static final int CLAIM_LOST = 0;
    public static final int RELEASE_NOW = 1;
    public static final int RELEASE_DEFERRED = 2;

    private static final VarHandle INDICES;
    private static final VarHandle COUNTS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            INDICES = l.findVarHandle(SlabCache.class, "indices", int.class);
            COUNTS = MethodHandles.arrayElementVarHandle(int[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Called for a tracked object just before it goes back to the free list (a deferred release may call it on any thread). */
    @FunctionalInterface
    public interface ReleaseHook {
        void released(int index);
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
    private final int genBase;
    private volatile ReleaseHook releaseHook;
    /** Gives ended threads' magazines back to the depots; true when it found any (set by the arena). */
    private volatile java.util.function.BooleanSupplier reclaimer;
    // Slab number to slab is the superclass, SlabDirectory: it grows by copy without a lock, and a lookup through
    // it is one dependent load shorter than through a field holding it.
    /** Objects this cache may have at once: its capacity, or the unbounded limit. */
    private final int limit;
    final Depot depot;

    /** Indices reserved so far (a slab's start is rounded up to a slab boundary). */
    @SuppressWarnings("unused") // through INDICES
    private int indices;
    /** made, retired, poison violations: counted with atomics, read at quiescence. */
    private final int[] counts = new int[3];
    private static final int MADE = 0;
    private static final int RETIRED = 1;
    private static final int POISON_VIOLATIONS = 2;

    /**
     * @param payloadFactory makes the Java payload of a new object (given its index), or null
     * @throws skbstress.api.SkbException CALLBACK_FAILED when the constructor throws for a bounded cache
     */
    public SlabCache(int id, String name, int objectSize, int align, ObjectCtor ctor, int capacity,
                     boolean hasBytes, PayloadFactory payloadFactory, boolean poison) {
        super(4, (HandleWord.MAX_INDEX + 1) / Kernel.objectsPerSlab(Kernel.align(objectSize, Math.max(8, align))));
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
        this.genBase = Generations.randomBase();
        this.limit = capacity > 0 ? Math.min(capacity, Kernel.maxObjects(alignedSize)) : Kernel.maxObjects(alignedSize);
        this.depot = new Depot(new Depot.Links() {
            @Override
            public int getNextOpaque(int index) {
                // racy but benign: worst case is a stale link, which the depot's tagged head CAS refuses
                return slab(index).getNextOpaque(index & slotMask);
            }

            @Override
            public void setNextOpaque(int index, int next) {
                // release: by pushChain's head CAS after it, which publishes the link with the head
                slab(index).setNextOpaque(index & slotMask, next);
            }

            @Override
            public boolean valid(int index) {
                // racy but benign: a bound on a racy link (the limit only grows); the lookup's null is checked
                return index >= 0 && index < getIndicesAcquire() && slabOrNull(index) != null;
            }
        });
        if (capacity > 0) {
            // A bounded cache makes every slab now, as a mempool reserves its elements: with no growth in
            // flight, "the depot is empty" is the whole exhaustion test, one atomic read (see refill).
            int[] bases = new int[(limit + objectsPerSlab - 1) / objectsPerSlab];
            int k = 0;
            for (int made = 0; made < limit; made += objectsPerSlab) {
                bases[k++] = makeSlab(Math.min(objectsPerSlab, limit - made));
            }
            for (k = bases.length - 1; k >= 0; k--) { // the first slab ends on top: index 0 is handed out first
                int n = Math.min(objectsPerSlab, limit - k * objectsPerSlab);
                depot.pushChain(bases[k], bases[k] + n - 1);
            }
        }
    }

    void reclaimer(java.util.function.BooleanSupplier r) {
        this.reclaimer = r;
    }

    /** What to do when a tracked object is released (set once, before the cache is used). */
    public void onRelease(ReleaseHook hook) {
        this.releaseHook = hook;
    }

    // ---------------------------------------------------------------- locating objects

    /**
     * acquire: pairs with makeSlab's CAS of indices; only a bound (it only grows), and the slab of an index
     * below it is found by the directory's own ordered lookup.
     */
    private int getIndicesAcquire() {
        return (int) INDICES.getAcquire(this);
    }

    /** The slab of an index this thread was given (a plain lookup; see {@link SlabDirectory#get}). */
    Slab slab(int index) {
        return slabNumbered(index >>> shift);
    }

    private Slab slabOrNull(int index) {
        return index >= 0 ? slab(index) : null;
    }

    /** Whether {@code index} names an object this cache has made (for handles that may be forged). */
    public boolean exists(int index) {
        Slab s = slabOrNull(index);
        return s != null && (index & slotMask) < s.count;
    }

    /** The generation of an object (odd while allocated). */
    public int generation(int index) {
        // acquire: pairs with the life's release store and CASes; callers read it after their own write, a claim,
        // a handle's hand-off, or to pick a refusal
        return ObjectLife.gen(slab(index).getLifeAcquire(index & slotMask));
    }

    /** This cache's first generation; see {@link Generations}. */
    public int genBase() {
        return genBase;
    }

    /** The payload of an index that may be forged: null unless the cache has made that object. */
    public Object payloadIfExists(int index) {
        Slab s = slabOrNull(index);
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
        // acquire: callers act through CASes that re-validate the word (see Slab.getOwnerAcquire)
        return slab(index).getOwnerAcquire(index & slotMask);
    }

    public int getOwnerVolatile(int index) {
        // acquire: volatile, access()'s half of the revoke/access Dekker pair (see Slab.getOwnerVolatile)
        return slab(index).getOwnerVolatile(index & slotMask);
    }

    /** Threads inside an operation on a tracked object now (volatile read). */
    public long pinsVolatile(int index) {
        // acquire: volatile, the flipper's half of the revoke/access Dekker pair (see Slab.getLifeVolatile)
        return ObjectLife.pins(slab(index).getLifeVolatile(index & slotMask));
    }

    public void setOwnerRelease(int index, int word) {
        // release: publishes what the setter wrote before (a flip's scrub) with the new owner
        slab(index).setOwnerRelease(index & slotMask, word);
    }

    public boolean compareAndSetOwner(int index, int expected, int word) {
        // acquire and release: the revoke's FLIPPING, the flipper's store half of the Dekker pair with access()
        return slab(index).compareAndSetOwner(index & slotMask, expected, word);
    }

    // ---------------------------------------------------------------- allocation

    /** Whether an allocation by this thread would succeed now, as refill decides (a hint under races). */
    public boolean canAlloc(Magazine m) {
        return capacity == 0 || m.count > 0 || !depot.isEmpty() || reclaimedIntoDepot();
    }

    /**
     * Allocates a tracked object: returns its index with a new life (the next odd generation), or -1 when a
     * bounded cache has none free here or in the depot, or an unbounded one reached its limit.
     */
    public int alloc(Magazine m) {
        int index = take(m);
        if (index >= 0) {
            Slab s = slab(index);
            int slot = index & slotMask;
            long w = s.getLifePlain(slot); // plain: a free object is this thread's, and nobody pins a dead life
            // release: a stale handle's pin sees the new generation; the object's reset is published with the handle
            s.setLifeRelease(slot, ObjectLife.make(ObjectLife.gen(w) + 1, 0, false));
        }
        return index;
    }

    /** Allocates an object whose owner keeps its own generation (skb structs, kmalloc heads), or -1. */
    public int allocUntracked(Magazine m) {
        return take(m);
    }

    private int take(Magazine m) {
        if (m.count == 0 && !refill(m)) {
            return -1;
        }
        int index = m.objs[--m.count];
        if (poison) {
            checkPoison(slab(index), index & slotMask, index);
        }
        return index;
    }

    /** Frees an object allocated with {@link #allocUntracked}. */
    public void freeUntracked(Magazine m, int index) {
        poisonObject(index);
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
            if (capacity > 0) {
                // the free objects may sit in magazines of threads that ended: take them back first
                java.util.function.BooleanSupplier r = reclaimer;
                if (r != null && r.getAsBoolean()) {
                    continue;
                }
                return false;
            }
            if (!grow(nextSlabSize())) {
                return false;
            }
        }
    }

    /** Adds one slab of up to {@code n} objects and pushes them, lowest index on top; false at the limit. */
    private boolean grow(int n) {
        int base = makeSlab(n);
        if (base < 0) {
            return false;
        }
        depot.pushChain(base, base + slab(base).count - 1);
        return true;
    }

    /**
     * Constructs up to {@code n} objects on a private byte array, then reserves their indices (a CAS on
     * {@code indices}, starting at a slab boundary), publishes the slab, and returns its first index, or -1
     * at the limit. Its objects are not yet in the depot. A constructor that throws reserves nothing.
     */
    private int makeSlab(int n) {
        // racy but benign: worst case is a slab constructed for nothing: an unbounded cache's loop below re-reads
        // the counts, and a bounded one grows only one object per retirement
        if ((int) COUNTS.getVolatile(counts, MADE) - (int) COUNTS.getVolatile(counts, RETIRED) >= limit) {
            return -1;
        }
        byte[] bytes = hasBytes ? constructed(n) : null;
        int base;
        while (true) {
            int at = getIndicesAcquire(); // acquire: only seeds the CAS below, which fails on a stale value
            base = (at + slotMask) & ~slotMask;
            // racy but benign: a soft bound; growers that read the same counts may each pass it (MADE moves
            // after the CAS), so an unbounded cache may pass its limit by the slabs in flight
            int live = (int) COUNTS.getVolatile(counts, MADE) - (int) COUNTS.getVolatile(counts, RETIRED);
            if (base + n > HandleWord.MAX_INDEX + 1 || (capacity == 0 && live + n > limit)) {
                return -1;
            }
            // acquire and release: reserves the index range once; a lost CAS re-reads (the slab is published later)
            if (INDICES.compareAndSet(this, at, base + n)) {
                break;
            }
        }
        Slab s = new Slab(base, n, bytes, ObjectLife.make(genBase, 0, false), this, payloadFactory);
        COUNTS.getAndAdd(counts, MADE, n); // release: atomic, racing growers never lose a count; it bounds only
        publishSlab(base >>> shift, s);
        return base;
    }

    /** The bytes of {@code n} new objects, each constructed once; or CALLBACK_FAILED with nothing kept. */
    private byte[] constructed(int n) {
        byte[] bytes = new byte[n * alignedSize];
        if (poison) {
            Arrays.fill(bytes, POISON); // a new slab counts as freed memory: its first users are checked too
        }
        if (ctor != null) {
            for (int k = 0; k < n; k++) {
                Memory mem = new Memory(bytes, k * alignedSize, objectSize);
                try {
                    ctor.construct(mem);
                } catch (Throwable t) { // contained: a caller's code, whatever it throws
                    throw Refusals.constructorThrew(name, t);
                } finally {
                    mem.open = false;
                }
            }
        }
        return bytes;
    }

    // ---------------------------------------------------------------- lives of tracked objects

    /**
     * Pins an object for an operation through a handle of generation {@code gen}: false when that life is
     * not current (the handle is stale, or never named a life). The pin keeps the object from being
     * released (and reused) until {@link #unpin}.
     */
    public boolean pin(int index, int gen) {
        Slab s = slab(index);
        int slot = index & slotMask;
        while (true) {
            long w = s.getLifeAcquire(slot); // acquire: pairs with the alloc that opened the life
            if (ObjectLife.gen(w) != gen || !ObjectLife.alive(w)) {
                return false;
            }
            // acquire and release: checks the life and pins at once; the operation follows the life's opening
            if (s.compareAndSetLife(slot, w, w + ObjectLife.PIN)) {
                return true;
            }
        }
    }

    /** Ends a pin; true when this thread must now release the object (its release waited for the pins). */
    public boolean unpin(int index) {
        // release: the operation's accesses happen before a release by whoever is last
        long w = slab(index).getAndAddLife(index & slotMask, -ObjectLife.PIN);
        return ObjectLife.pins(w) == 1 && ObjectLife.deferred(w);
    }

    /**
     * Ends life {@code gen} (the decision to release was made: a refcount reached 0, a free won): the
     * generation becomes even, so every handle of the life is stale. Returns {@link #RELEASE_NOW} when no
     * thread is inside (the caller then calls {@link #release}), {@link #RELEASE_DEFERRED} when the last
     * pin will, or {@link #CLAIM_LOST} when the life had already ended. {@code holdsPin}: the caller's own
     * pin ends with the claim.
     */
    public int claim(int index, int gen, boolean holdsPin) {
        Slab s = slab(index);
        int slot = index & slotMask;
        while (true) {
            long w = s.getLifeAcquire(slot); // acquire: only seeds the CAS below, which re-validates the word
            if (ObjectLife.gen(w) != gen || !ObjectLife.alive(w)) {
                return CLAIM_LOST;
            }
            long pins = ObjectLife.pins(w) - (holdsPin ? 1 : 0);
            // acquire and release: ends the life once (a racing claim loses), after every pinner's unpin it read
            if (s.compareAndSetLife(slot, w, ObjectLife.make(gen + 1, pins, pins > 0))) {
                return pins > 0 ? RELEASE_DEFERRED : RELEASE_NOW;
            }
        }
    }

    /** Claims the current life of an object its caller owns outright, and releases it now if nobody is inside. */
    public void claimAndRelease(Magazine m, int index) {
        if (claim(index, generation(index), false) == RELEASE_NOW) {
            release(m, index);
        }
    }

    /**
     * Puts a claimed object back: the release hook runs, then the object goes to the caller's magazine, or
     * retires when its generations are used up (a bounded cache then makes one in its place).
     */
    public void release(Magazine m, int index) {
        ReleaseHook hook = releaseHook;
        if (hook != null) {
            hook.released(index);
        }
        poisonObject(index);
        if (Generations.retires(genBase, generation(index))) {
            retire(index);
            return;
        }
        push(m, index);
    }

    /**
     * Retires an untracked object whose owner's generations are used up (an skb struct): it is never
     * handed out again, and a bounded cache makes one in its place.
     */
    public void retire(int index) {
        COUNTS.getAndAdd(counts, RETIRED, 1); // release: atomic, racing retirements never lose a count
        replaceRetired();
    }

    /** A bounded cache keeps its capacity: one new object for one retired (unless its constructor throws). */
    private void replaceRetired() {
        if (capacity > 0) {
            try {
                grow(1);
            } catch (skbstress.api.SkbException constructorThrew) {
                // the cache keeps one object fewer; nothing else changed
            }
        }
    }

    private void poisonObject(int index) {
        if (poison) {
            int from = (index & slotMask) * alignedSize;
            Arrays.fill(slab(index).bytes, from, from + objectSize, POISON);
        }
    }

    /** Ages a free tracked object to the edge of its generations (for tests of retirement). */
    void ageForTest(int index, long lives) {
        // release: a test hook on a free object, as alloc's store; the test's own thread reads it next
        slab(index).setLifeRelease(index & slotMask, ObjectLife.make(Generations.afterLives(genBase, lives), 0,
                false));
    }

    // ---------------------------------------------------------------- freeing

    private void push(Magazine m, int index) {
        if (m.count == m.objs.length) {
            flush(m);
        }
        m.objs[m.count++] = index;
    }

    /** Moves the magazine's bottom half (its oldest frees) to the depot's top, as one chain. */
    void flush(Magazine m) {
        int h = Math.min(m.scratch.length, m.count);
        if (h == 0) {
            return;
        }
        for (int k = h - 1; k > 0; k--) {
            Slab s = slab(m.objs[k]);
            s.setNextOpaque(m.objs[k] & slotMask, m.objs[k - 1]); // release: by pushChain's head CAS below
        }
        depot.pushChain(m.objs[h - 1], m.objs[0]);
        System.arraycopy(m.objs, h, m.objs, 0, m.count - h);
        m.count -= h;
    }

    /** Moves a whole magazine to the depot (its thread died, or asked to give its objects back). */
    void flushAll(Magazine m) {
        while (m.count > 0) {
            flush(m);
        }
    }

    // ---------------------------------------------------------------- debug and statistics

    private void checkPoison(Slab s, int slot, int index) {
        int from = slot * alignedSize;
        for (int i = from; i < from + objectSize; i++) {
            if (s.bytes[i] != POISON) {
                COUNTS.getAndAdd(counts, POISON_VIOLATIONS, 1); // racy but benign: a count, nothing published
                PoisonListener l = poisonListener;
                if (l != null) {
                    reportPoison(l, s, from, index);
                }
                return;
            }
        }
    }

    /** The changed bytes of a poisoned object (the first {@link #POISON_SHOWN}) for its report. */
    private void reportPoison(PoisonListener l, Slab s, int from, int index) {
        int[] at = new int[POISON_SHOWN];
        byte[] values = new byte[POISON_SHOWN];
        int total = 0;
        for (int i = from; i < from + objectSize; i++) {
            if (s.bytes[i] != POISON) {
                if (total < POISON_SHOWN) {
                    at[total] = i - from;
                    values[total] = s.bytes[i];
                }
                total++;
            }
        }
        int shown = Math.min(total, POISON_SHOWN);
        l.found(this, index, Arrays.copyOf(at, shown), Arrays.copyOf(values, shown), total);
    }

    /** Changed bytes a poison report lists. */
    static final int POISON_SHOWN = 16;

    /** Told of poison found overwritten: set by the arena at creation, before the cache is shared. */
    PoisonListener poisonListener;

    /**
     * Allocations that found a freed object's poison overwritten (debug mode). Acquire: pairs with the counting
     * RMWs; a count for reports, nothing is read through it.
     */
    public int poisonViolations() {
        return (int) COUNTS.getAcquire(counts, POISON_VIOLATIONS);
    }

    /**
     * Objects made so far (retired ones included). Acquire: pairs with makeSlab's RMW; read for statistics at
     * quiescence, nothing is read through it.
     */
    public int made() {
        return (int) COUNTS.getAcquire(counts, MADE);
    }

    /**
     * Objects retired after using their generations; never handed out again. Acquire: pairs with retire's RMW;
     * read for statistics at quiescence, nothing is read through it.
     */
    public int retired() {
        return (int) COUNTS.getAcquire(counts, RETIRED);
    }

    /** Index space reserved so far: every object index is below it. */
    public int indexLimit() {
        // acquire: a bound only; forEachCreated runs at quiescence and checks each index with exists()
        return getIndicesAcquire();
    }

    public int slabCount() {
        return slabsPublished();
    }

    /** Constructor runs for the objects the cache still has (retired ones are gone). */
    public int ctorRuns() {
        return ctor != null && hasBytes ? made() - retired() : 0;
    }

    public boolean hasCtor() {
        return ctor != null;
    }

    /** Free objects on the depot at quiescence; a cycle or a count past what the cache made is corruption. */
    public int depotSizeAtQuiescence() {
        return depot.sizeAtQuiescence(made(), name);
    }

    /** The depot's tag, for tests of the tag rule. */
    public int depotTag() {
        return depot.tag();
    }

    /** Calls {@code f} with the index of every object the cache has made. */
    public void forEachCreated(java.util.function.IntConsumer f) {
        int n = indexLimit();
        for (int i = 0; i < n; i++) {
            if (exists(i)) {
                f.accept(i);
            }
        }
    }

    /** Calls {@code f} with every allocated tracked object's index; exact only at quiescence. */
    public void forEachAllocated(java.util.function.IntConsumer f) {
        forEachCreated(i -> {
            if (HandleWord.allocated(generation(i))) {
                f.accept(i);
            }
        });
    }

    /** A view of one object's bytes for its constructor, closed when the constructor returns. */
    private static final class Memory implements skbstress.api.ObjectMemory {
        private final byte[] bytes;
        private final int offset;
        private final int size;
        boolean open = true;

        Memory(byte[] bytes, int offset, int size) {
            this.bytes = bytes;
            this.offset = offset;
            this.size = size;
        }

        private int at(int i) {
            if (!open) {
                throw new IllegalStateException("a constructor's object memory is valid only while it runs");
            }
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException("offset " + i + " outside the " + size + "-byte object");
            }
            return offset + i;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public byte get(int i) {
            return bytes[at(i)];
        }

        @Override
        public void put(int i, byte value) {
            bytes[at(i)] = value;
        }
    }

    /**
     * Objects in an unbounded cache's next slab: a whole slab, or what is left below the limit when that is
     * less, as the model's last slab (its limit need not be a whole number of slabs). At least one: a racy
     * read at the limit is refused by makeSlab's own checks.
     */
    private int nextSlabSize() {
        // racy but benign: only a bound, which makeSlab checks again (a size past the room left is refused there);
        // volatile, as makeSlab's reads
        int left = limit - ((int) COUNTS.getVolatile(counts, MADE) - (int) COUNTS.getVolatile(counts, RETIRED));
        return Math.max(1, Math.min(objectsPerSlab, left));
    }

    /**
     * For canAlloc on a bounded cache with nothing here or in the depot: ended threads' magazines given back
     * first, as refill does, so that a pre-check never refuses while free objects sit in them (P-SLAB-1).
     */
    private boolean reclaimedIntoDepot() {
        java.util.function.BooleanSupplier r = reclaimer; // volatile field, set once when the cache is made
        return r != null && r.getAsBoolean() && !depot.isEmpty();
    }
}
