package skbstress.races;

import java.util.Set;
import skbstress.api.FcloneState;
import skbstress.api.SkbOps;
import skbstress.impl.Fault;

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
        private final Set<Fault> faults;

        Base(Set<Fault> faults) {
            this.faults = faults;
        }

        @Override
        public Pair setUp(boolean model) {
            return new Pair(model ? Races.model() : Races.impl(faults));
        }

    }

    /** ORIG and its fast clone freed on two threads: the pair goes back to its cache exactly once. */
    public static final class OrigAndCloneFreed extends Base {
        public OrigAndCloneFreed(Set<Fault> faults) {
            super(faults);
        }

        @Override
        public int act(Pair s, int actor, int step) {
            return Races.bit(s.ops.free(actor == 0 ? s.orig : s.clone));
        }

        @Override
        public int[] settle(Pair s) {
            return new int[] {Races.live(s.ops, SkbOps.FCLONE_CACHE), Races.live(s.ops, SkbOps.HEAD_CACHE)};
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
        public RecloneWhileCloneFreed(Set<Fault> faults) {
            super(faults);
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
            return new int[] {users, Races.live(s.ops, SkbOps.FCLONE_CACHE), Races.live(s.ops, SkbOps.HEAD_CACHE)};
        }
    }
}
