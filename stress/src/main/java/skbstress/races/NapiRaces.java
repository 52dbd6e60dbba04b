package skbstress.races;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/** Races of the per-CPU NAPI skb cache (specs/napi.md). Each run has an implementation of its own (and its counts). */
public final class NapiRaces {
    private NapiRaces() {}

    /** Four skbs made by napi_alloc_skb on CPU 0 (its cache holds 12 structs), two for each actor to consume. */
    public static final class Cpu0 {
        final SkbOps ops;
        final long[][] mine = new long[2][2];
        final long[][] made = new long[2][2];

        Cpu0(SkbOps ops) {
            this.ops = ops;
            for (long[] m : mine) {
                m[0] = ops.napiAllocSkb(0, 100);
                m[1] = ops.napiAllocSkb(0, 100);
            }
        }
    }

    /**
     * Two threads use CPU 0's cache at once, each: napi_consume_skb of one of its skbs, napi_alloc_skb, the same
     * again. A thread that finds the cache taken uses the slab, so the cache's count may end anywhere; what must
     * hold: the four new skbs are distinct and fresh (no struct handed to two owners), the head cache's live
     * objects are the live skbs plus the cached structs (I-NAPI-1), and once
     * the skbs are freed and the caches drained nothing is left. Observations: each actor's last call (1 done);
     * then those three, 1 each when they hold.
     */
    public static final class TwoThreadsOneCpu implements Race<Cpu0> {
        private final Instances instances;

        public TwoThreadsOneCpu(Supplier<SkbOps> subject) {
            this.instances = new Instances(subject);
        }

        @Override
        public Cpu0 setUp(boolean model) {
            return new Cpu0(model ? Races.model() : instances.take());
        }

        @Override
        public int steps(int actor) {
            return 4;
        }

        @Override
        public int act(Cpu0 s, int actor, int step) {
            int k = step / 2;
            if (step % 2 == 0) {
                return Races.ok(() -> s.ops.napiConsumeSkb(s.mine[actor][k], 0, 64));
            }
            return Races.ok(() -> s.made[actor][k] = s.ops.napiAllocSkb(0, 100));
        }

        @Override
        public int[] settle(Cpu0 s) {
            Snapshot snap = s.ops.snapshot();
            Set<Long> distinct = new HashSet<>();
            boolean fresh = true;
            for (long[] m : s.made) {
                for (long h : m) {
                    Snapshot.Skb k = snap.skbs().get(h);
                    fresh &= k != null && k.users() == 1 && k.len() == 0 && distinct.add(h);
                }
            }
            fresh &= snap.skbs().size() == 4;
            // I-NAPI-1: every live head-cache object is one of the four skbs or a cached struct
            int counted = Races.bit(snap.caches().get(SkbOps.HEAD_CACHE).live() == 4 + snap.napiCachedTotal());
            for (long[] m : s.made) {
                for (long h : m) {
                    Races.freed(s.ops, h);
                }
            }
            for (int cpu = 0; cpu < SkbOps.NAPI_CPUS; cpu++) {
                int c = cpu;
                Races.ok(() -> s.ops.napiCacheDrain(c));
            }
            return new int[] {Races.bit(fresh), counted, instances.quietThenRecycle(s.ops)};
        }
    }
}
