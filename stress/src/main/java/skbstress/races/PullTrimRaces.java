package skbstress.races;

import java.util.Arrays;
import java.util.function.Supplier;
import skbstress.api.Bytes;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/** Races of pskb_trim and pskb_pull on cloned data (specs/geometry.md, I-GEOM-8, I-GEOM-9). */
public final class PullTrimRaces {
    private PullTrimRaces() {}

    /** 8 linear bytes, then 1000 on page a and 1000 on page b: too many for the tailroom, so no condensing. */
    static final int LINEAR = 8;
    static final int FRAG = 1000;
    /** Where the trim cuts (inside b's frag) and how far the pull goes (into a's frag). */
    static final int TRIM = LINEAR + FRAG + FRAG / 2;
    static final int PULL = LINEAR + 100;

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i * 7);
        }
        return b;
    }

    static final Bytes ALL;

    static {
        byte[] all = new byte[LINEAR + 2 * FRAG];
        System.arraycopy(pattern(LINEAR, 1), 0, all, 0, LINEAR);
        System.arraycopy(pattern(FRAG, 2), 0, all, LINEAR, FRAG);
        System.arraycopy(pattern(FRAG, 3), 0, all, LINEAR + FRAG, FRAG);
        ALL = Bytes.copyOf(all);
    }

    /** An skb with two frags on pages of their own, and its clone: both share the data and its page references. */
    public static final class Shared {
        final SkbOps ops;
        final long skb;
        final long clone;
        final long pageA;
        final long pageB;
        /** What the clone's holder read before freeing it (its first step). */
        boolean cloneRead;

        Shared(SkbOps ops) {
            this.ops = ops;
            skb = ops.allocSkb(64, false);
            ops.put(skb, pattern(LINEAR, 1));
            pageA = ops.allocPage();
            ops.writePage(pageA, 0, pattern(FRAG, 2));
            ops.addFrag(skb, pageA, 0, FRAG); // the caller's page reference becomes the frag's
            pageB = ops.allocPage();
            ops.writePage(pageB, 0, pattern(FRAG, 3));
            ops.addFrag(skb, pageB, 0, FRAG);
            clone = ops.clone(skb);
        }
    }

    /**
     * One holder trims the skb inside its second frag, then pulls it into its first, while the clone's holder reads
     * the clone's bytes and then frees it. Observations: whether the trimmed and pulled skb reads exactly the bytes
     * [PULL, TRIM); whether the clone read all its bytes and its free released it; then 0 when each page is left
     * with exactly the skb's one reference and both go with the skb, 1 otherwise.
     */
    public static final class CloneFreedWhilePulled implements Race<Shared> {
        private final SkbOps impl;

        public CloneFreedWhilePulled(Supplier<SkbOps> subject) {
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
                    s.cloneRead = s.ops.bytes(s.clone).equals(ALL);
                    return 0;
                }
                return Races.bit(s.ops.free(s.clone) && s.cloneRead);
            }
            if (step == 0) {
                return Races.ok(() -> s.ops.pskbTrim(s.skb, TRIM));
            }
            int pulled = Races.ok(() -> s.ops.pskbPull(s.skb, PULL));
            byte[] want = Arrays.copyOfRange(ALL.toArray(), PULL, TRIM);
            return Races.bit(pulled == 1 && s.ops.bytes(s.skb).equals(Bytes.copyOf(want)));
        }

        @Override
        public int[] settle(Shared s) {
            Snapshot snap = s.ops.snapshot();
            Snapshot.Page a = snap.pages().get(s.pageA);
            Snapshot.Page b = snap.pages().get(s.pageB);
            boolean once = a != null && a.refcount() == 1 && b != null && b.refcount() == 1;
            s.ops.free(s.skb);
            Snapshot after = s.ops.snapshot();
            boolean gone = !after.pages().containsKey(s.pageA) && !after.pages().containsKey(s.pageB);
            return new int[] {once && gone ? 0 : 1};
        }
    }
}
