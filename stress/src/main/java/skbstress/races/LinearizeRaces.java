package skbstress.races;

import java.util.Arrays;
import java.util.function.Supplier;
import skbstress.api.SkbOps;

/** Races of skb_linearize (specs/geometry.md, I-GEOM-7). */
public final class LinearizeRaces {
    private LinearizeRaces() {}

    /** The bytes of the skb: 8 linear, then 64 on a page that only its frag references. */
    static final byte[] LINEAR = {1, 2, 3, 4, 5, 6, 7, 8};
    static final byte[] PAGED = new byte[64];

    static {
        Arrays.fill(PAGED, (byte) 9);
    }

    /** An skb with one frag, and its clone: both share the data, so the page's one structure reference. */
    public static final class Shared {
        final SkbOps ops;
        final long skb;
        final long clone;
        final long page;
        /** What the clone's holder read before freeing it (its first step). */
        boolean cloneRead;

        Shared(SkbOps ops) {
            this.ops = ops;
            skb = ops.allocSkb(64, false);
            ops.put(skb, LINEAR);
            page = ops.allocPage();
            ops.writePage(page, 0, PAGED);
            ops.addFrag(skb, page, 0, PAGED.length); // the caller's page reference becomes the frag's
            clone = ops.clone(skb);
        }
    }

    /** The 72 bytes both skbs hold. */
    static skbstress.api.Bytes all() {
        byte[] want = new byte[LINEAR.length + PAGED.length];
        System.arraycopy(LINEAR, 0, want, 0, LINEAR.length);
        System.arraycopy(PAGED, 0, want, LINEAR.length, PAGED.length);
        return skbstress.api.Bytes.copyOf(want);
    }

    /**
     * One holder linearizes the skb while the clone's holder reads the clone's bytes and then frees it.
     * Observations: whether the linearized skb reads its 72 bytes, linear; whether the clone read its 72 bytes and
     * its free released it; then 0 when the page was released exactly once (gone, no reference left over), 1
     * otherwise.
     */
    public static final class CloneFreedWhileLinearized implements Race<Shared> {
        private final SkbOps impl;

        public CloneFreedWhileLinearized(Supplier<SkbOps> subject) {
            this.impl = subject.get();
        }

        @Override
        public Shared setUp(boolean model) {
            return new Shared(model ? Races.model() : impl);
        }

        @Override
        public int steps(int actor) {
            return 2;
        }

        @Override
        public int act(Shared s, int actor, int step) {
            if (actor == 1) {
                if (step == 0) {
                    s.cloneRead = s.ops.bytes(s.clone).equals(all());
                    return 0;
                }
                return Races.bit(s.ops.free(s.clone) && s.cloneRead);
            }
            if (step == 0) {
                return Races.ok(() -> s.ops.linearize(s.skb));
            }
            return Races.bit(s.ops.linearBytes(s.skb).equals(all()));
        }

        @Override
        public int[] settle(Shared s) {
            boolean pageGone = !s.ops.snapshot().pages().containsKey(s.page);
            s.ops.free(s.skb);
            return new int[] {pageGone ? 0 : 1};
        }
    }
}
