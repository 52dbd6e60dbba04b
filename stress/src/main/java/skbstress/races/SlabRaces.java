package skbstress.races;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import skbstress.api.SkbOps;
import skbstress.canary.Depots;
import skbstress.canary.FreeList;

/** Races on the slab allocator. */
public final class SlabRaces {
    private SlabRaces() {}

    /** A cache of 128-byte objects on a shared implementation. */
    public static final class Objects {
        final SkbOps ops;
        final int cache;
        volatile long a;
        volatile long b;

        Objects(SkbOps ops, int cache) {
            this.ops = ops;
            this.cache = cache;
        }
    }

    abstract static class CacheRace implements Race<Objects> {
        private final SkbOps impl;
        private final int implCache;

        CacheRace(Supplier<SkbOps> subject) {
            this.impl = subject.get();
            this.implCache = impl.createCache("race-objects", 128, 0, null, 0);
        }

        @Override
        public Objects setUp(boolean model) {
            if (model) {
                SkbOps m = Races.model();
                return prepare(new Objects(m, m.createCache("race-objects", 128, 0, null, 0)));
            }
            return prepare(new Objects(impl, implCache));
        }

        Objects prepare(Objects s) {
            return s;
        }

    }

    /** Two allocations race: distinct objects. Observations: both went through; they differ. */
    public static final class TwoAllocations extends CacheRace {
        public TwoAllocations(Supplier<SkbOps> subject) {
            super(subject);
        }

        @Override
        public int act(Objects s, int actor, int step) {
            long h = s.ops.cacheAlloc(s.cache);
            if (actor == 0) {
                s.a = h;
            } else {
                s.b = h;
            }
            return 1;
        }

        @Override
        public int[] settle(Objects s) {
            int distinct = Races.bit(s.a != s.b);
            s.ops.cacheFree(s.cache, s.a);
            if (distinct == 1) {
                s.ops.cacheFree(s.cache, s.b);
            }
            return new int[] {distinct};
        }
    }

    /**
     * An object allocated on the set-up thread is freed on another while a third allocates (RX: alloc on
     * the interrupt CPU, free on the consumer's). Observations: the free and the allocation went through;
     * the freed handle is dead afterwards; the new object is readable.
     */
    public static final class AllocFreeRealloc extends CacheRace {
        public AllocFreeRealloc(Supplier<SkbOps> subject) {
            super(subject);
        }

        @Override
        Objects prepare(Objects s) {
            s.a = s.ops.cacheAlloc(s.cache);
            s.ops.writeObject(0, s.a, 0, new byte[] {1, 2, 3});
            return s;
        }

        @Override
        public int act(Objects s, int actor, int step) {
            if (actor == 0) {
                return Races.ok(() -> s.ops.cacheFree(s.cache, s.a));
            }
            s.b = s.ops.cacheAlloc(s.cache);
            return 1;
        }

        @Override
        public int[] settle(Objects s) {
            int deadOld = Races.ok(() -> s.ops.readObject(0, s.a)) == Races.REFUSED ? 1 : 0;
            int newLive = Races.ok(() -> s.ops.readObject(0, s.b));
            s.ops.cacheFree(s.cache, s.b);
            return new int[] {deadOld, newLive};
        }
    }

    /**
     * Two objects of a tiny cache, their bytes and links, and the free list between two threads: A (1) is
     * free on the list; B (2) belongs to the freer, and its link is stale (it was the list's last object
     * when it was handed out), as a reused object's link is.
     */
    public static final class Freed {
        static final int A = 1;
        static final int B = 2;
        static final int OBJECT_BYTES = 16;
        final byte[] bytes = new byte[3 * OBJECT_BYTES];
        final Depots.Links links = Depots.Links.array(3);
        final FreeList list;
        final int[] batch = new int[2];
        int taken;

        Freed(Function<Depots.Links, FreeList> list) {
            this.list = list.apply(links);
            this.list.push(A);
            links.setNextOpaque(B, -1);
        }

        boolean holds(int object, byte[] expected) {
            int from = object * OBJECT_BYTES;
            return Arrays.equals(bytes, from, from + OBJECT_BYTES, expected, 0, expected.length);
        }
    }

    static final byte[] PAYLOAD = {0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a,
        0x5a, 0x5a, 0x5a};

    /**
     * Publication through the allocator's free list: the freer writes into B and frees it to the depot (as
     * a magazine flush does) while the allocator refills a magazine with one batch of two from it. What
     * a thread wrote into an object before freeing it, and the link the free set, reach the thread that
     * takes the object only through the depot's CAS and its acquire load. Observations: the freer went
     * through; the allocator's batch read as digits (1: A only; 21: B, then A), negated when B did not hold
     * the freer's bytes; whether A and B were each accounted for exactly once afterwards.
     */
    public static final class Publication implements Race<Freed> {
        private final Function<Depots.Links, FreeList> depot;

        /** @param depot the implementation's ({@link Depots#real}) or a canary's depot */
        public Publication(Function<Depots.Links, FreeList> depot) {
            this.depot = depot;
        }

        @Override
        public Freed setUp(boolean model) {
            return new Freed(model ? links -> plainStack() : depot);
        }

        @Override
        public int act(Freed s, int actor, int step) {
            if (actor == 0) {
                System.arraycopy(PAYLOAD, 0, s.bytes, Freed.B * Freed.OBJECT_BYTES, PAYLOAD.length);
                s.list.push(Freed.B);
                return 1;
            }
            s.taken = s.list.popBatch(s.batch, s.batch.length);
            int seen = 0;
            boolean published = true;
            for (int k = 0; k < s.taken; k++) {
                seen = seen * 10 + s.batch[k];
                published &= s.batch[k] != Freed.B || s.holds(Freed.B, PAYLOAD);
            }
            return published ? seen : -seen;
        }

        @Override
        public int[] settle(Freed s) {
            List<Integer> all = new ArrayList<>();
            for (int k = 0; k < s.taken; k++) {
                all.add(s.batch[k]);
            }
            int[] rest = new int[3];
            // bounded: a broken list may hand the same objects out again and again; the count then shows it
            for (int round = 0, n; round < 3 && (n = s.list.popBatch(rest, rest.length)) > 0; round++) {
                for (int k = 0; k < n; k++) {
                    all.add(rest[k]);
                }
            }
            all.sort(null);
            return new int[] {Races.bit(all.equals(List.of(Freed.A, Freed.B)))};
        }
    }

    /** The model's free list: a plain stack. */
    static FreeList plainStack() {
        ArrayDeque<Integer> stack = new ArrayDeque<>();
        return new FreeList() {
            @Override
            public void push(int index) {
                stack.addFirst(index);
            }

            @Override
            public int pop() {
                Integer x = stack.pollFirst();
                return x == null ? -1 : x;
            }

            @Override
            public int popBatch(int[] into, int max) {
                int n = 0;
                while (n < max && !stack.isEmpty()) {
                    into[n++] = stack.pollFirst();
                }
                return n;
            }
        };
    }

    /** The implementation's depot over three objects. */
    public static FreeList depot() {
        return Depots.real(Depots.Links.array(4));
    }

    /** The canary's depot (its CAS keeps the tag) over three objects. */
    public static FreeList depotWithoutTagBump() {
        return Depots.missingTagBump(Depots.Links.array(4));
    }

    /** Three objects on a stack, and what each actor got. */
    public static final class Stack {
        final FreeList stack;
        volatile int victim;
        volatile int interferer;
        int first;

        Stack(FreeList stack) {
            this.stack = stack;
        }

        int pop() {
            return stack.pop();
        }

        void push(int x) {
            stack.push(x);
        }
    }

    /**
     * The ABA pattern on the depot: a victim pops while an interferer pops twice and pushes the first
     * back. No object is handed out twice. Observations: what the victim got, what the interferer kept
     * (objects 1..3, pushed 3, 2, 1), and whether all three were accounted for exactly once at the end.
     * The victim's pop may land between any two of the interferer's operations.
     */
    public static final class AbaPopPopPush implements Race<Stack> {
        private final Supplier<FreeList> depot;

        public AbaPopPopPush(Supplier<FreeList> depot) {
            this.depot = depot;
        }

        @Override
        public Stack setUp(boolean model) {
            Stack s = new Stack(model ? plainStack() : depot.get());
            s.push(3);
            s.push(2);
            s.push(1);
            return s;
        }

        @Override
        public int steps(int actor) {
            return actor == 0 ? 1 : 3;
        }

        @Override
        public int act(Stack s, int actor, int step) {
            if (actor == 0) {
                s.victim = s.pop();
                return s.victim;
            }
            switch (step) {
                case 0 -> s.first = s.pop();
                case 1 -> s.interferer = s.pop();
                default -> s.push(s.first);
            }
            return s.interferer;
        }

        @Override
        public int[] settle(Stack s) {
            Set<Integer> seen = new HashSet<>(List.of(s.victim, s.interferer));
            int count = 2;
            for (int x; (x = s.pop()) >= 0; ) {
                seen.add(x);
                count++;
            }
            return new int[] {Races.bit(count == 3 && seen.equals(Set.of(1, 2, 3)))};
        }
    }

    /**
     * A fresh unbounded cache of 8 KiB objects (four per slab) whose first three slabs are all in use: its
     * slab directory (four entries to start) is full but for one. Each actor's allocation finds its magazine
     * and the depot empty and grows a slab: one publishes slab 3 in the directory while the other, making
     * slab 4, replaces the directory with a longer copy.
     */
    public static final class Growing {
        static final int SIZE = 8192;
        final SkbOps ops;
        final int cache;
        final long[] held;
        volatile long a;
        volatile long b;

        Growing(SkbOps ops) {
            this.ops = ops;
            this.cache = ops.createCache("race-growth", SIZE, 0, null, 0);
            this.held = new long[3 * skbstress.api.Kernel.objectsPerSlab(SIZE)];
            for (int k = 0; k < held.length; k++) {
                held[k] = ops.cacheAlloc(cache);
            }
        }
    }

    /**
     * Two threads grow an unbounded cache at the moment its slab directory is replaced by a longer copy:
     * the slab published in the old array must reach the new one (a store that can wait in the store
     * buffer past the grower's check of the directory loses it). Observations: both allocations went
     * through; then whether the two objects are distinct and each can be written, read back and freed, and
     * whether the cache is back to zero once every object is freed.
     */
    public static final class GrowthAtDirectoryDoubling implements Race<Growing> {
        private final Supplier<SkbOps> subject;

        public GrowthAtDirectoryDoubling(Supplier<SkbOps> subject) {
            this.subject = subject;
        }

        /** A fresh implementation for each run: its directory must be the first one. */
        @Override
        public Growing setUp(boolean model) {
            return new Growing(model ? Races.model() : subject.get());
        }

        @Override
        public int act(Growing s, int actor, int step) {
            long h = s.ops.cacheAlloc(s.cache);
            if (actor == 0) {
                s.a = h;
            } else {
                s.b = h;
            }
            return 1;
        }

        @Override
        public int[] settle(Growing s) {
            boolean usable = s.a != s.b;
            byte[] mark = {5, 4, 3, 2, 1};
            for (long h : new long[] {s.a, s.b}) {
                usable &= Races.ok(() -> s.ops.writeObject(SkbOps.LOCAL_DOMAIN, h, 0, mark)) == 1;
                usable &= Races.ok(() -> {
                    byte[] back = s.ops.readObject(SkbOps.LOCAL_DOMAIN, h).toArray();
                    if (!java.util.Arrays.equals(back, 0, mark.length, mark, 0, mark.length)) {
                        throw new IllegalStateException("object " + Long.toHexString(h) + " lost its bytes");
                    }
                }) == 1;
                usable &= Races.ok(() -> s.ops.cacheFree(s.cache, h)) == 1;
            }
            for (long h : s.held) {
                usable &= Races.ok(() -> s.ops.cacheFree(s.cache, h)) == 1;
            }
            return new int[] {Races.bit(usable), Races.bit(Races.live(s.ops, s.cache) == 0)};
        }
    }
}
