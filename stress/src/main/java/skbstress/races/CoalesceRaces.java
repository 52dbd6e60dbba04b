package skbstress.races;

import java.util.function.Supplier;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/** Races of skb_try_coalesce with kfree_skb_partial (specs/frags.md, I-FRAG-5). */
public final class CoalesceRaces {
    private CoalesceRaces() {}

    /** A paged {@code from} (two frags on two pages, no linear data) with one clone, and an empty {@code to}. */
    public static final class Shared {
        final SkbOps ops;
        final long to;
        final long from;
        final long clone;
        final long[] pages = new long[2];

        Shared(SkbOps ops) {
            this.ops = ops;
            to = ops.allocSkb(0, false);
            from = ops.allocSkb(64, false);
            for (int i = 0; i < 2; i++) {
                pages[i] = ops.allocPage();
                ops.addFrag(from, pages[i], 0, 1000 - 500 * i);
            }
            clone = ops.clone(from);
        }
    }

    /**
     * One actor coalesces the cloned {@code from} into {@code to} while the other frees from's clone: the
     * coalesce either references the frags (the clone still shares them, and from's release is then the last
     * or not) or moves them (the clone went first). Observations: the coalesce's answer, the free's "released";
     * then 0 when to holds both frags with each page's count exactly 1 and freeing to frees both pages, else 1.
     */
    public static final class ClonedFromRacesCloneFree implements Race<Shared> {
        private final SkbOps impl;

        public ClonedFromRacesCloneFree(Supplier<SkbOps> subject) {
            this.impl = subject.get();
        }

        @Override
        public Shared setUp(boolean model) {
            return new Shared(model ? Races.model() : impl);
        }

        @Override
        public int act(Shared s, int actor, int step) {
            return actor == 0 ? Races.bit(s.ops.coalesce(s.to, s.from)) : Races.freed(s.ops, s.clone);
        }

        @Override
        public int[] settle(Shared s) {
            Snapshot snap = s.ops.snapshot();
            Snapshot.Skb to = snap.skbs().get(s.to);
            boolean exact = to != null && to.frags().size() == 2 && !snap.skbs().containsKey(s.from)
                    && !snap.skbs().containsKey(s.clone);
            for (long p : s.pages) {
                Snapshot.Page page = snap.pages().get(p);
                exact &= page != null && page.refcount() == 1;
            }
            s.ops.free(s.to);
            Snapshot after = s.ops.snapshot();
            for (long p : s.pages) {
                exact &= !after.pages().containsKey(p);
            }
            return new int[] {exact ? 0 : 1};
        }
    }
}
