package skbstress.races;

import java.util.function.Supplier;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import skbstress.api.Bytes;
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

    /** A producer fills an skb and hands its handle over; the consumer reads it. */
    public static final class Handoff {
        private static final VarHandle SLOT;

        static {
            try {
                SLOT = MethodHandles.lookup().findVarHandle(Handoff.class, "slot", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final SkbOps ops;
        @SuppressWarnings("unused") // through SLOT
        private long slot;

        Handoff(SkbOps ops) {
            this.ops = ops;
        }

        void publishRelease(long h) {
            SLOT.setRelease(this, h);
        }

        long takeAcquire() {
            return (long) SLOT.getAcquire(this);
        }
    }

    static final byte[] PAYLOAD = Bytes.copyOf(new byte[] {
        0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a}).toArray();

    /**
     * Publication: bytes put into a fresh skb before its handle is released are seen by the consumer that
     * acquires the handle. Observations: the producer went through; the consumer saw nothing yet (0) or
     * exactly the payload (1); 2 would be other bytes.
     */
    public static final class Publication implements Race<Handoff> {
        private final SkbOps impl;

        public Publication(Supplier<SkbOps> subject) {
            this.impl = subject.get();
        }

        @Override
        public Handoff setUp(boolean model) {
            return new Handoff(model ? Races.model() : impl);
        }


        @Override
        public int act(Handoff s, int actor, int step) {
            if (actor == 0) {
                long skb = s.ops.allocSkb(64, false);
                s.ops.put(skb, PAYLOAD);
                s.publishRelease(skb); // release: the bytes before the handle
                return 1;
            }
            long h = s.takeAcquire(); // acquire: pairs with the producer's release
            if (h == 0) {
                return 0;
            }
            return java.util.Arrays.equals(s.ops.linearBytes(h).toArray(), PAYLOAD) ? 1 : 2;
        }

        @Override
        public int[] settle(Handoff s) {
            s.ops.free(s.takeAcquire());
            return new int[0];
        }
    }

    /** The implementation's depot over three objects. */
    public static FreeList depot() {
        return Depots.real(new int[4]);
    }

    /** The canary's depot (its CAS keeps the tag) over three objects. */
    public static FreeList depotWithoutTagBump() {
        return Depots.missingTagBump(new int[4]);
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
            Stack s = new Stack(model ? modelStack() : depot.get());
            s.push(3);
            s.push(2);
            s.push(1);
            return s;
        }

        private static FreeList modelStack() {
            ArrayDeque<Integer> d = new ArrayDeque<>();
            return new FreeList() {
                @Override
                public int pop() {
                    Integer x = d.pollFirst();
                    return x == null ? -1 : x;
                }

                @Override
                public void push(int x) {
                    d.addFirst(x);
                }

                @Override
                public int popBatch(int[] into, int max) {
                    throw new UnsupportedOperationException("the race pops one at a time");
                }
            };
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
}
