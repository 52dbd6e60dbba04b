package skbstress.races;

import java.util.function.Supplier;

import skbstress.api.FcloneState;
import skbstress.api.SkbOps;

/** Races of a fast-clone pair. Each run has its own implementation, so the caches' counts are the run's. */
public final class FcloneRaces {
    private FcloneRaces() {}

    /** An ORIG and its fast clone. */
    public static final class Pair {
        final SkbOps ops;
        final long orig;
        final long clone;
        volatile long reclone;

        Pair(SkbOps ops) {
            this.ops = ops;
            this.orig = ops.allocSkb(256, true);
            this.clone = ops.clone(orig);
        }
    }

    abstract static class Base implements Race<Pair> {
        final Instances instances;

        Base(Supplier<SkbOps> subject) {
            this.instances = new Instances(subject);
        }

        @Override
        public Pair setUp(boolean model) {
            return new Pair(model ? Races.model() : instances.take());
        }

    }

    /** ORIG and its fast clone freed on two threads: the pair goes back to its cache exactly once. */
    public static final class OrigAndCloneFreed extends Base {
        public OrigAndCloneFreed(Supplier<SkbOps> subject) {
            super(subject);
        }

        @Override
        public int act(Pair s, int actor, int step) {
            return Races.bit(s.ops.free(actor == 0 ? s.orig : s.clone));
        }

        @Override
        public int[] settle(Pair s) {
            int[] live = {Races.live(s.ops, SkbOps.FCLONE_CACHE), Races.live(s.ops, SkbOps.HEAD_CACHE)};
            instances.quietThenRecycle(s.ops);
            return live;
        }
    }

    /**
     * The owner clones ORIG again while the previous fast clone is freed (TX completion): the new clone
     * is skb2 if the free came first, else a head-cache struct; never two live users of skb2, never a
     * pair freed while in use. Observations: whether the new clone is skb2, the free's "released", the new
     * clone's users (REFUSED if it was destroyed under its owner), then the live pairs and structs after
     * everything is freed.
     */
    public static final class RecloneWhileCloneFreed extends Base {
        public RecloneWhileCloneFreed(Supplier<SkbOps> subject) {
            super(subject);
        }

        @Override
        public int act(Pair s, int actor, int step) {
            if (actor == 0) {
                long c = s.ops.clone(s.orig);
                s.reclone = c;
                return Races.bit(s.ops.view(c).fclone() == FcloneState.CLONE);
            }
            return Races.bit(s.ops.free(s.clone));
        }

        @Override
        public int[] settle(Pair s) {
            int users = Races.users(s.ops, s.reclone);
            if (users > 0) {
                s.ops.free(s.reclone);
            }
            s.ops.free(s.orig);
            int[] out = {users, Races.live(s.ops, SkbOps.FCLONE_CACHE), Races.live(s.ops, SkbOps.HEAD_CACHE)};
            instances.quietThenRecycle(s.ops);
            return out;
        }
    }

    /**
     * Two threads free the fast clone (skb2, users 1): exactly one release, the other refused; fclone_ref
     * is 1 afterwards. Observations: each free's result, ORIG's fclone_ref, then whether everything is back
     * to zero once ORIG is freed.
     */
    public static final class TwoFreesOfTheClone extends Base {
        public TwoFreesOfTheClone(Supplier<SkbOps> subject) {
            super(subject);
        }

        @Override
        public int act(Pair s, int actor, int step) {
            return Races.freed(s.ops, s.clone);
        }

        @Override
        public int[] settle(Pair s) {
            int ref;
            try {
                ref = s.ops.view(s.orig).fcloneRef();
            } catch (RuntimeException e) {
                ref = Races.REFUSED;
            }
            int consistent = Races.consistent(s.ops); // ORIG alive: its pair and skb2 must add up (I-FCLONE-1)
            Races.freed(s.ops, s.orig);
            return new int[] {ref, consistent & instances.quietThenRecycle(s.ops)};
        }
    }

    /** An ORIG and its fast clone, which holds a socket's destructor (tag 5), and the owner's re-clone. */
    public static final class OwnedPair {
        final SkbOps ops;
        final long orig;
        final long clone;
        volatile long reclone;
        /** The owner's attempt (1 to 3) that got skb2, or 0; written by the owner only. */
        int attempt;

        OwnedPair(SkbOps ops) {
            this.ops = ops;
            this.orig = ops.allocSkb(256, true);
            this.clone = ops.clone(orig);
            ops.setDestructor(clone, 5);
            this.reclone = SkbOps.NULL;
        }
    }

    /**
     * TX completion frees a fast clone that holds a destructor while the owner re-clones ORIG up to three
     * times, freeing each head-cache clone at once, so that an attempt lands in skb2 as soon as the free
     * publishes it. The free must finish reading its struct (destructor, data reference) before it drops
     * fclone_ref (I-FCLONE-4, B11a): otherwise the new clone is built in skb2 while the old release still
     * reads it, and destructor 5 is lost or the wrong data reference dropped. Observations: the attempt that
     * got skb2 (0: none), the free's "released", then, once everything is freed, destructor 5's runs on the
     * freed clone, the destructor runs on the re-clone, and whether the instance is consistent and quiet.
     */
    public static final class RecloneWhileOwnedCloneFreed implements Race<OwnedPair> {
        static final int ATTEMPTS = 3;
        private final Instances instances;

        public RecloneWhileOwnedCloneFreed(Supplier<SkbOps> subject) {
            this.instances = new Instances(subject);
        }

        @Override
        public OwnedPair setUp(boolean model) {
            return new OwnedPair(model ? Races.model() : instances.take());
        }

        @Override
        public int steps(int actor) {
            return actor == 0 ? ATTEMPTS : 1;
        }

        @Override
        public int act(OwnedPair s, int actor, int step) {
            if (actor == 1) {
                return Races.bit(s.ops.free(s.clone));
            }
            if (s.attempt == 0) {
                long c = s.ops.clone(s.orig);
                if (s.ops.view(c).fclone() == FcloneState.CLONE) {
                    s.reclone = c;
                    s.attempt = step + 1;
                } else {
                    s.ops.free(c); // a head-cache clone: retry at once, to land in skb2 right after the free
                }
            }
            return s.attempt;
        }

        @Override
        public int[] settle(OwnedPair s) {
            int consistent = Races.consistent(s.ops);
            if (s.reclone != SkbOps.NULL) {
                Races.freed(s.ops, s.reclone);
            }
            Races.freed(s.ops, s.orig);
            int onClone = 0;
            int onReclone = 0;
            try {
                for (skbstress.api.Snapshot.DestructorRun d : s.ops.snapshot().destructorLog()) {
                    onClone += Races.bit(d.skb() == s.clone && d.tag() == 5);
                    onReclone += Races.bit(d.skb() == s.reclone);
                }
            } catch (IllegalStateException e) {
                onClone = Races.CORRUPT;
            }
            return new int[] {onClone, onReclone, consistent & instances.quietThenRecycle(s.ops)};
        }
    }

    /** An ORIG (users 2: two holders) not yet cloned, and the clones the holders make. */
    public static final class Orig {
        final SkbOps ops;
        final long orig;
        volatile long a;
        volatile long b;

        Orig(SkbOps ops) {
            this.ops = ops;
            this.orig = ops.allocSkb(256, true);
            ops.get(orig);
        }
    }

    /**
     * Two holders clone the same ORIG at once: one gets skb2 (fast: fclone_ref 1 to 2 in one step), the
     * other a struct from the head cache; never skb2 twice. Observations: what each clone is (2: skb2,
     * 0: from the head cache), then whether everything is back to zero once all is freed.
     */
    public static final class TwoHoldersFastClone implements Race<Orig> {
        private final Instances instances;

        public TwoHoldersFastClone(Supplier<SkbOps> subject) {
            this.instances = new Instances(subject);
        }

        @Override
        public Orig setUp(boolean model) {
            return new Orig(model ? Races.model() : instances.take());
        }

        @Override
        public int act(Orig s, int actor, int step) {
            long c = s.ops.clone(s.orig);
            if (actor == 0) {
                s.a = c;
            } else {
                s.b = c;
            }
            return s.ops.view(c).fclone() == FcloneState.CLONE ? 2 : 0;
        }

        @Override
        public int[] settle(Orig s) {
            int consistent = Races.consistent(s.ops); // both clones alive: no struct counted twice or lost
            for (long h : new long[] {s.a, s.b, s.orig, s.orig}) {
                Races.freed(s.ops, h);
            }
            return new int[] {consistent & instances.quietThenRecycle(s.ops)};
        }
    }
}
