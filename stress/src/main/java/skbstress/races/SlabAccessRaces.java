package skbstress.races;

import java.util.Arrays;
import java.util.function.Supplier;

import skbstress.api.SkbException;
import skbstress.api.SkbOps;

/** Races between an object's free and an access through its handle, on a cache of their own. */
public final class SlabAccessRaces {
    private SlabAccessRaces() {}

    static final byte[] MARK = {7, 6, 5, 4, 3, 2, 1};

    /** An object a holder wrote and still owns, readable by a second thread through its handle. */
    public static final class Held {
        final SkbOps ops;
        final int cache;
        final long object;

        Held(SkbOps ops, int cache) {
            this.ops = ops;
            this.cache = cache;
            this.object = ops.cacheAlloc(cache);
            ops.writeObject(SkbOps.LOCAL_DOMAIN, object, 0, MARK);
        }
    }

    /**
     * The holder frees its object while another thread reads it through the handle (a use after free
     * unless the read comes first; the read must then see the bytes, and the free must still happen).
     * When the read is inside as the free decides, the release waits for it and the read's exit does it,
     * exactly once. Observations: the free went through; the read's result (1: the holder's bytes,
     * {@link Races#REFUSED}: refused as freed, 2: other bytes); then whether the cache is back to zero.
     */
    public static final class FreeRacesRead implements Race<Held> {
        private final SkbOps impl;
        private final int implCache;

        public FreeRacesRead(Supplier<SkbOps> subject) {
            this.impl = subject.get();
            this.implCache = impl.createCache("race-access", 128, 0, null, 0);
        }

        @Override
        public Held setUp(boolean model) {
            if (model) {
                SkbOps m = Races.model();
                return new Held(m, m.createCache("race-access", 128, 0, null, 0));
            }
            return new Held(impl, implCache);
        }

        @Override
        public int act(Held s, int actor, int step) {
            if (actor == 0) {
                return Races.ok(() -> s.ops.cacheFree(s.cache, s.object));
            }
            try {
                byte[] seen = s.ops.readObject(SkbOps.LOCAL_DOMAIN, s.object).toArray();
                return Arrays.equals(seen, 0, MARK.length, MARK, 0, MARK.length) ? 1 : 2;
            } catch (SkbException e) {
                return Races.REFUSED;
            }
        }

        @Override
        public int[] settle(Held s) {
            return new int[] {Races.bit(Races.live(s.ops, s.cache) == 0)};
        }
    }

    /**
     * Two reads are inside an object (their pins were taken in the set-up, on the implementation) when its
     * holder frees it, so the release waits for them; then both reads leave at once. Whichever leaves last
     * releases the object, exactly once: each exit's decision must come from its own decrement of the pins,
     * for a re-read can show both of them "no pin left, and I was the one". The model has no pins; on it the
     * free releases at once and the exits do nothing. Observations: each read left (1); then whether the
     * cache is back to zero (a second release counts one object free twice, which the cache reports as
     * corruption; none leaves it live).
     */
    public static final class TwoReadsLeaveAfterAFree implements Race<Held> {
        @Override
        public boolean oursOnly() {
            return true; // it pins through the slab view
        }

        private final SkbOps impl;
        private final int implCache;

        public TwoReadsLeaveAfterAFree(Supplier<SkbOps> subject) {
            this.impl = subject.get();
            this.implCache = impl.createCache("race-two-reads", 128, 0, null, 0);
        }

        @Override
        public Held setUp(boolean model) {
            if (model) {
                SkbOps m = Races.model();
                Held s = new Held(m, m.createCache("race-two-reads", 128, 0, null, 0));
                m.cacheFree(s.cache, s.object);
                return s;
            }
            Held s = new Held(impl, implCache);
            for (int reader = 0; reader < 2; reader++) {
                if (!ImplHooks.pin(impl, implCache, s.object)) {
                    throw new IllegalStateException("a live object refused a pin: no race to run");
                }
            }
            impl.cacheFree(implCache, s.object); // deferred: two reads are inside
            return s;
        }

        @Override
        public int act(Held s, int actor, int step) {
            if (s.ops != impl) {
                return 1; // the model: nothing was pinned
            }
            ImplHooks.endPin(s.ops, s.cache, s.object);
            return 1;
        }

        @Override
        public int[] settle(Held s) {
            return new int[] {Races.bit(Races.live(s.ops, s.cache) == 0)};
        }
    }

    /** A fresh implementation (or model) and the ids its two creators got. */
    public static final class Table {
        final SkbOps ops;
        final int[] ids = {-1, -1};

        Table(SkbOps ops) {
            this.ops = ops;
        }
    }

    /**
     * Two threads create a cache each (kmem_cache_create) at once: one CAS on the table's slot decides who
     * gets which id. Observations: each creation went through; then whether the two ids differ, each cache
     * allocates and frees an object of its own, the snapshot lists both caches under their ids, and the
     * implementation is quiet.
     */
    public static final class TwoCachesCreated implements Race<Table> {
        private final Supplier<SkbOps> subject;

        public TwoCachesCreated(Supplier<SkbOps> subject) {
            this.subject = subject;
        }

        @Override
        public Table setUp(boolean model) {
            return new Table(model ? Races.model() : subject.get());
        }

        @Override
        public int act(Table s, int actor, int step) {
            return Races.ok(() -> s.ids[actor] = s.ops.createCache("race-table-" + actor, 64, 0, null, 0));
        }

        @Override
        public int[] settle(Table s) {
            int a = s.ids[0];
            int b = s.ids[1];
            boolean sound = a >= 0 && b >= 0 && a != b;
            for (int k = 0; sound && k < 2; k++) {
                int id = s.ids[k];
                long o = s.ops.cacheAlloc(id);
                s.ops.writeObject(SkbOps.LOCAL_DOMAIN, o, 0, MARK);
                sound = Arrays.equals(Arrays.copyOf(s.ops.readObject(SkbOps.LOCAL_DOMAIN, o).toArray(), MARK.length),
                        MARK);
                s.ops.cacheFree(id, o);
            }
            if (sound) { // both listed, each under its own name
                java.util.List<skbstress.api.Snapshot.Cache> listed = s.ops.snapshot().caches();
                for (int k = 0; k < 2; k++) {
                    int id = s.ids[k];
                    String name = "race-table-" + k;
                    sound &= listed.stream().anyMatch(c -> c.id() == id && c.name().equals(name));
                }
            }
            return new int[] {Races.bit(sound), Races.quiet(s.ops)};
        }
    }
}
