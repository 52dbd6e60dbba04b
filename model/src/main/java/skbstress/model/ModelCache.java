package skbstress.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import skbstress.api.Kernel;
import skbstress.api.ObjectCtor;
import skbstress.api.ObjectMemory;
import skbstress.api.Snapshot;

/**
 * One kmem_cache: objects created a slab at a time (the constructor runs then, once per object), a LIFO
 * free list, and exact counts. A bounded cache makes all its {@code capacity} objects when it is created,
 * as a mempool reserves its elements, and never more; an unbounded one grows a slab at a time.
 */
final class ModelCache {
    final int id;
    final String name;
    final int objectSize;
    final int alignedSize;
    final int capacity;
    final int objectsPerSlab;
    final ObjectCtor ctor;

    private final List<Obj> created = new ArrayList<>();
    /** Free objects; the head is the next one handed out (LIFO, like a per-CPU freelist). */
    private final ArrayDeque<Obj> freeList = new ArrayDeque<>();
    private int live;
    private int slabs;
    private int ctorRuns;

    /** One object of this cache; {@code current} is its live allocation, if any. */
    static final class Obj implements ObjectMemory {
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

        @Override
        public int size() {
            return cache.objectSize;
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

    /** Who holds an allocated object. */
    enum Owner { USER, SKB_STRUCT, SKB_HEAD, FLIPPED }

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

    ModelCache(int id, String name, int objectSize, int align, ObjectCtor ctor, int capacity) {
        this.id = id;
        this.name = name;
        this.objectSize = objectSize;
        this.alignedSize = Kernel.align(objectSize, Math.max(8, align));
        this.capacity = capacity;
        this.objectsPerSlab = Kernel.objectsPerSlab(alignedSize);
        this.ctor = ctor;
        if (capacity > 0) {
            List<List<Obj>> all = new ArrayList<>();
            while (created.size() < capacity) {
                all.add(makeSlab());
            }
            for (int k = all.size() - 1; k >= 0; k--) { // the first slab ends on top: index 0 first
                pushSlab(all.get(k));
            }
        }
    }

    boolean canAlloc() {
        return !freeList.isEmpty() || capacity == 0 || created.size() < capacity;
    }

    /** Takes the next free object, growing by one slab when none is free. Callers check canAlloc first. */
    Obj alloc() {
        if (freeList.isEmpty()) {
            pushSlab(makeSlab());
        }
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

    /** A new slab: objects constructed once. */
    private List<Obj> makeSlab() {
        int n = capacity == 0 ? objectsPerSlab : Math.min(objectsPerSlab, capacity - created.size());
        if (n <= 0) {
            throw new IllegalStateException("model bug (I-SLAB-7): " + name + " grew past its capacity");
        }
        slabs++;
        List<Obj> slab = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Obj o = new Obj(this, created.size());
            created.add(o);
            if (ctor != null) {
                ctor.construct(o);
                ctorRuns++;
            }
            slab.add(o);
        }
        return slab;
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
}
