package skbstress.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import skbstress.api.Kernel;
import skbstress.api.ObjectCtor;
import skbstress.api.ObjectMemory;
import skbstress.api.Refusals;
import skbstress.api.Snapshot;

/**
 * One kmem_cache: objects created a slab at a time (the constructor runs then, once per object), a LIFO
 * free list, and exact counts. A bounded cache makes all its {@code capacity} objects when it is created,
 * as a mempool reserves its elements, and never more; an unbounded one grows a slab at a time, up to
 * {@link Kernel#maxObjects}.
 *
 * <p>A slab is made whole or not at all: its constructors run on objects nobody else sees yet, and only
 * when every one returned are they added. A constructor that throws leaves the cache as it was
 * (CALLBACK_FAILED), and the memory a constructor was given stops working when it returns.
 */
final class ModelCache {
    final int id;
    final String name;
    final int objectSize;
    final int alignedSize;
    final int capacity;
    final int objectsPerSlab;
    final ObjectCtor ctor;
    private final int limit;

    private final List<Obj> created = new ArrayList<>();
    /** Free objects; the head is the next one handed out (LIFO, like a per-CPU freelist). */
    private final ArrayDeque<Obj> freeList = new ArrayDeque<>();
    private int live;
    private int slabs;
    private int ctorRuns;

    /** One object of this cache; {@code current} is its live allocation, if any. */
    static final class Obj {
        final ModelCache cache;
        final int index;
        private byte[] bytes;
        Allocation current;

        Obj(ModelCache cache, int index) {
            this.cache = cache;
            this.index = index;
        }

        byte[] bytes() {
            if (bytes == null) {
                bytes = new byte[cache.objectSize];
            }
            return bytes;
        }
    }

    /** Who holds an allocated object. */
    /** NAPI_CACHED: a struct in a CPU's NAPI cache, allocated as the slab sees it but no skb (specs/napi.md). */
    enum Owner { USER, SKB_STRUCT, SKB_HEAD, FLIPPED, NAPI_CACHED }

    /** One allocation of an object: a handle that is live until the object is freed. */
    static final class Allocation {
        final long handle;
        final Obj object;
        Owner owner;
        int domain;
        boolean live = true;
        int packetOffset;
        int packetLength;

        Allocation(long handle, Obj object, Owner owner) {
            this.handle = handle;
            this.object = object;
            this.owner = owner;
        }
    }

    /** Throws CALLBACK_FAILED when the constructor throws for a bounded cache's objects. */
    ModelCache(int id, String name, int objectSize, int align, ObjectCtor ctor, int capacity) {
        this.id = id;
        this.name = name;
        this.objectSize = objectSize;
        this.alignedSize = Kernel.align(objectSize, Math.max(8, align));
        this.capacity = capacity;
        this.objectsPerSlab = Kernel.objectsPerSlab(alignedSize);
        this.ctor = ctor;
        this.limit = capacity > 0 ? capacity : Kernel.maxObjects(alignedSize);
        if (capacity > 0) {
            List<List<Obj>> all = new ArrayList<>();
            int made = 0;
            while (made < capacity) {
                List<Obj> slab = makeSlab(made);
                made += slab.size();
                all.add(slab);
            }
            for (List<Obj> slab : all) {
                commit(slab);
            }
            for (int k = all.size() - 1; k >= 0; k--) { // the first slab ends on top: index 0 first
                pushSlab(all.get(k));
            }
        }
    }

    boolean canAlloc() {
        return !freeList.isEmpty() || (capacity == 0 && created.size() < limit);
    }

    /** Whether {@code n} allocations in a row would succeed (a call that takes several objects checks first). */
    boolean canAlloc(int n) {
        long room = freeList.size() + (capacity == 0 ? (long) limit - created.size() : 0);
        return room >= n;
    }

    /** Objects an allocation could still take: the free ones, and those an unbounded cache may yet make. */
    int available() {
        return freeList.size() + (capacity == 0 ? limit - created.size() : 0);
    }

    /**
     * Makes a slab now if the free list is empty, so that the next {@link #alloc} changes nothing else;
     * throws CALLBACK_FAILED, with nothing made, when the constructor throws. Callers check canAlloc first.
     */
    void growIfEmpty() {
        if (freeList.isEmpty()) {
            List<Obj> slab = makeSlab(created.size());
            commit(slab);
            pushSlab(slab);
        }
    }

    /** Takes the next free object, growing by one slab when none is free. Callers check canAlloc first. */
    Obj alloc() {
        growIfEmpty();
        live++;
        return freeList.pop();
    }

    void free(Obj o) {
        if (o.current != null) {
            throw new IllegalStateException("model bug (I-SLAB-1): object " + o.index + " of " + name
                    + " freed while allocation " + Long.toHexString(o.current.handle) + " is live");
        }
        live--;
        freeList.push(o);
    }

    /** A new slab's objects, constructed, not yet part of the cache. */
    private List<Obj> makeSlab(int first) {
        int n = Math.min(objectsPerSlab, limit - first);
        if (n <= 0) {
            throw new IllegalStateException("model bug (I-SLAB-7): " + name + " grew past its limit");
        }
        List<Obj> slab = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Obj o = new Obj(this, first + i);
            if (ctor != null) {
                construct(o);
            }
            slab.add(o);
        }
        return slab;
    }

    private void construct(Obj o) {
        Memory m = new Memory(o);
        try {
            ctor.construct(m);
        } catch (Throwable t) { // contained: a caller's code, whatever it throws
            throw Refusals.constructorThrew(name, t);
        } finally {
            m.open = false;
        }
    }

    private void commit(List<Obj> slab) {
        created.addAll(slab);
        slabs++;
        ctorRuns += ctor == null ? 0 : slab.size();
    }

    /** Puts a new slab's objects on the free list, lowest index handed out first. */
    private void pushSlab(List<Obj> slab) {
        for (int i = slab.size() - 1; i >= 0; i--) {
            freeList.push(slab.get(i));
        }
    }

    Snapshot.Cache view() {
        return new Snapshot.Cache(id, name, objectSize, capacity, ctor != null, live, freeList.size(), slabs,
                ctorRuns);
    }

    /** An object's bytes as its constructor sees them; closed when the constructor returns. */
    private static final class Memory implements ObjectMemory {
        private final Obj obj;
        boolean open = true;

        Memory(Obj obj) {
            this.obj = obj;
        }

        private byte[] bytes() {
            if (!open) {
                throw new IllegalStateException("a constructor's object memory is valid only while it runs");
            }
            return obj.bytes();
        }

        @Override
        public int size() {
            return obj.cache.objectSize;
        }

        @Override
        public byte get(int offset) {
            return bytes()[offset];
        }

        @Override
        public void put(int offset, byte value) {
            bytes()[offset] = value;
        }
    }
}
