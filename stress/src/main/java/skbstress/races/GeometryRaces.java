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
}
