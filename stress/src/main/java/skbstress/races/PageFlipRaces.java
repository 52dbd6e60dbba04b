package skbstress.races;

import java.util.function.Supplier;

import skbstress.api.Kernel;
import skbstress.api.SkbOps;

/** A page flip racing a late access by the source. */
public final class PageFlipRaces {
    private PageFlipRaces() {}

    static final int LATE_OFFSET = 2048;

    /** An skb from a one-page cache with a 64-byte packet, and its page as the source sees it. */
    public static final class Flip {
        final SkbOps ops;
        final long skb;
        final long page;
        volatile long flipped;

        Flip(SkbOps ops, int cache) {
            this.ops = ops;
            this.skb = ops.allocSkbFromCache(cache, 1024);
            ops.put(skb, new byte[64]);
            this.page = ops.dataObject(skb);
        }
    }

    /**
     * The sender flips the page to domain 1 while the source writes into it beyond the packet. The write
     * is either wholly before the flip (and then scrubbed, I-FLIP-2) or refused (I-FLIP-1); the
     * destination never sees it. Observations: the flip went through; the write went through (1) or was
     * refused (-1); the byte the destination reads where the source wrote.
     */
    public static final class LateSourceAccess implements Race<Flip> {
        private final SkbOps impl;
        private final int implCache;

        public LateSourceAccess(Supplier<SkbOps> subject) {
            this.impl = subject.get();
            this.implCache = impl.createCache("flip-pages", Kernel.PAGE_SIZE, Kernel.PAGE_SIZE, null, 0);
        }

        @Override
        public Flip setUp(boolean model) {
            if (model) {
                SkbOps m = Races.model();
                return new Flip(m, m.createCache("flip-pages", Kernel.PAGE_SIZE, Kernel.PAGE_SIZE, null, 0));
            }
            return new Flip(impl, implCache);
        }


        @Override
        public int act(Flip s, int actor, int step) {
            if (actor == 0) {
                s.flipped = s.ops.pageFlip(s.skb, 1);
                return 1;
            }
            byte[] late = new byte[16];
            java.util.Arrays.fill(late, (byte) 0x22);
            return Races.ok(() -> s.ops.writeObject(SkbOps.LOCAL_DOMAIN, s.page, LATE_OFFSET, late));
        }

        @Override
        public int[] settle(Flip s) {
            int seen = s.ops.readObject(1, s.flipped).at(LATE_OFFSET);
            s.ops.releaseFlipped(1, s.flipped);
            return new int[] {seen};
        }
    }
}
