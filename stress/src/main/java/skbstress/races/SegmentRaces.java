package skbstress.races;

import java.util.function.Supplier;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/** Races of skb_segment (specs/segment.md, I-SEG-1). */
public final class SegmentRaces {
    private SegmentRaces() {}

    /** An original of 40 header bytes and one 1000-byte frag on one page, with one clone sharing its data. */
    public static final class Shared {
        final SkbOps ops;
        final long original;
        final long clone;
        final long page;
        /** Written by the segmenting actor, read by the observer once both actors are done. */
        long[] segments;

        Shared(SkbOps ops) {
            this.ops = ops;
            original = ops.allocSkb(64, false);
            ops.put(original, new byte[40]);
            page = ops.allocPage();
            ops.addFrag(original, page, 0, 1000);
            clone = ops.clone(original);
        }
    }

    /**
     * One actor segments the cloned original into two 500-byte segments (both on the page) and then frees the
     * original, while the other frees the clone: whichever data release is last drops the original's frag
     * reference, and the segments' own references (taken before the original's free, in program order) keep the
     * page. Observations: the segmenter's "released" for the original (1 when segment gave 2 segments), the
     * freer's for the clone; then 0 when the page's count is exactly the two segments' and freeing them frees it
     * once, leaving nothing alive, else 1.
     */
    public static final class SegmentRacesCloneFree implements Race<Shared> {
        private final SkbOps impl;

        public SegmentRacesCloneFree(Supplier<SkbOps> subject) {
            this.impl = subject.get();
        }

        @Override
        public Shared setUp(boolean model) {
            return new Shared(model ? Races.model() : impl);
        }

        @Override
        public int steps(int actor) {
            return actor == 0 ? 2 : 1;
        }

        @Override
        public int act(Shared s, int actor, int step) {
            if (actor == 1) {
                return Races.freed(s.ops, s.clone);
            }
            if (step == 0) {
                s.segments = s.ops.segment(s.original, 40, 500);
                return s.segments.length;
            }
            int freed = Races.freed(s.ops, s.original);
            return s.segments.length == 2 ? freed : Races.UNEXPECTED;
        }

        @Override
        public int[] settle(Shared s) {
            Snapshot snap = s.ops.snapshot();
            Snapshot.Page page = snap.pages().get(s.page);
            boolean exact = page != null && page.refcount() == 2 && snap.skbs().size() == 2;
            if (s.segments != null) {
                for (long seg : s.segments) {
                    Snapshot.Skb k = snap.skbs().get(seg);
                    exact &= k != null && k.frags().size() == 1 && k.frags().get(0).page() == s.page;
                    exact &= Races.freed(s.ops, seg) == 1;
                }
            }
            Snapshot after = s.ops.snapshot();
            exact &= after.pages().isEmpty() && after.skbs().isEmpty();
            return new int[] {exact ? 0 : 1};
        }
    }
}
