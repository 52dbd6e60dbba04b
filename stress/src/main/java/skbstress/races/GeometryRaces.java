package skbstress.races;

import java.util.function.Supplier;
import skbstress.api.SkbOps;

/** Races on an skb's geometry: edits are made by one thread at a time (P-SKB-1). */
public final class GeometryRaces {
    private GeometryRaces() {}

    /** An skb with users 2 (two holders), on a fresh implementation. */
    public static final class Held {
        final SkbOps ops;
        final long skb;

        Held(SkbOps ops) {
            this.ops = ops;
            this.skb = ops.allocSkb(64, false);
            ops.get(skb);
        }
    }

    /**
     * Both holders put four bytes at once (a misuse of a shared skb: the kernel lets one context edit it).
     * In any serial order both go through and len is 8; when they meet, one is refused (CONCURRENT_USE)
     * and changes nothing, so len is 4; never a lost update. Observations: each put went through or was
     * refused, then len, then whether the bytes are whole and everything is back to zero once freed.
     */
    public static final class TwoHoldersPut implements Race<Held> {
        private final Instances instances;

        public TwoHoldersPut(Supplier<SkbOps> subject) {
            this.instances = new Instances(subject);
        }

        @Override
        public Held setUp(boolean model) {
            return new Held(model ? Races.model() : instances.take());
        }

        @Override
        public int act(Held s, int actor, int step) {
            byte[] four = {(byte) (actor + 1), (byte) (actor + 1), (byte) (actor + 1), (byte) (actor + 1)};
            return Races.ok(() -> s.ops.put(s.skb, four));
        }

        @Override
        public int[] settle(Held s) {
            int len;
            int whole;
            try {
                len = s.ops.view(s.skb).len();
                byte[] b = s.ops.linearBytes(s.skb).toArray();
                whole = Races.bit(b.length == len && (len == 0 || wholeQuads(b))) & Races.consistent(s.ops);
            } catch (RuntimeException e) {
                len = Races.REFUSED;
                whole = 0;
            }
            Races.freed(s.ops, s.skb);
            Races.freed(s.ops, s.skb);
            return new int[] {len, whole & instances.quietThenRecycle(s.ops)};
        }

        /** Each put wrote four equal bytes: a torn write shows as a quad of mixed bytes. */
        private static boolean wholeQuads(byte[] b) {
            for (int i = 0; i + 3 < b.length; i += 4) {
                if (b[i] != b[i + 1] || b[i] != b[i + 2] || b[i] != b[i + 3]) {
                    return false;
                }
            }
            return b.length % 4 == 0;
        }
    }

    /** A page whose caller holds two references, one for each build_skb. */
    public static final class OnePage {
        final SkbOps ops;
        final long page;
        final long[] built = new long[2];

        OnePage(SkbOps ops) {
            this.ops = ops;
            this.page = ops.allocPage();
            ops.getPage(page);
        }
    }

    /**
     * Two threads build a head on the same lines of one page at once (two RX paths handed the same
     * fragment, a driver bug): heads on a page never overlap, so exactly one is built and the other refused,
     * in any order; the refused caller keeps its page reference and puts it. Observations: each build went
     * through (1) or was refused, then whether the built head holds its bytes and everything is back to
     * zero once it is freed.
     */
    public static final class TwoHeadsOnOneLine implements Race<OnePage> {
        private final Instances instances;

        public TwoHeadsOnOneLine(Supplier<SkbOps> subject) {
            this.instances = new Instances(subject);
        }

        @Override
        public OnePage setUp(boolean model) {
            return new OnePage(model ? Races.model() : instances.take());
        }

        @Override
        public int act(OnePage s, int actor, int step) {
            int built = Races.ok(() -> s.built[actor] = s.ops.buildSkb(s.page, 0, 2048));
            if (built != 1) {
                Races.ok(() -> s.ops.putPage(s.page)); // refused: the reference is still the caller's
            }
            return built;
        }

        @Override
        public int[] settle(OnePage s) {
            int whole = 1;
            for (long skb : s.built) {
                if (skb != 0) {
                    whole &= Races.bit(Races.ok(() -> s.ops.put(skb, new byte[] {1, 2, 3, 4})) == 1);
                    whole &= Races.bit(Races.ok(() -> s.ops.free(skb)) == 1);
                }
            }
            return new int[] {whole & Races.consistent(s.ops), instances.quietThenRecycle(s.ops)};
        }
    }
}
