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

    /** The source's mark, written over its whole page before the race: a scrubbed byte reads 0. */
    static final byte SOURCE_MARK = 0x5a;
    /** The most spin-waits the source's read is staggered by. */
    static final int STAGGER = 4096;

    /**
     * The sender flips the page to domain 1 while the source reads all of it. The read is either wholly
     * before the flip (every byte the source's mark) or refused (I-FLIP-1): a read that is let in must be
     * over before the scrub starts, so it never sees a byte of it. The window this guards is a flip's
     * FLIPPING store against its read of the pins (a StoreLoad order): a reader that pins and finds no
     * FLIPPING must be seen by that read. Observations: the flip went through; the read saw the mark on
     * every byte (1), was refused (-1), or saw a page partly scrubbed (2); the byte the destination reads
     * beyond the packet (the scrub's 0).
     */
    public static final class SourceReadsWhileFlipped implements Race<Flip> {
        private final LateSourceAccess flips;
        /** Spin-waits before the source's read; see act. */
        private int stagger;

        public SourceReadsWhileFlipped(Supplier<SkbOps> subject) {
            this.flips = new LateSourceAccess(subject);
        }

        @Override
        public Flip setUp(boolean model) {
            Flip s = flips.setUp(model);
            byte[] mark = new byte[Kernel.PAGE_SIZE];
            java.util.Arrays.fill(mark, SOURCE_MARK);
            s.ops.writeObject(SkbOps.LOCAL_DOMAIN, s.page, 0, mark);
            return s;
        }

        @Override
        public int act(Flip s, int actor, int step) {
            if (actor == 0) {
                return flips.act(s, actor, step);
            }
            // The flip's checks before its revoke take longer than the read's way in, so an unstaggered read
            // almost always ends before the revoke starts. The stagger follows the outcomes to where reads
            // are let in about as often as refused, which is where the read meets the revoke, with a jitter
            // around it. It is a heuristic shared by the samples: a lost update only moves the sweep.
            int k = Math.max(0, stagger + java.util.concurrent.ThreadLocalRandom.current().nextInt(-4, 5));
            for (int n = k; n > 0; n--) {
                Thread.onSpinWait();
            }
            byte[] seen;
            try {
                seen = s.ops.readObject(SkbOps.LOCAL_DOMAIN, s.page).toArray();
                stagger = Math.min(STAGGER, k + 1);
            } catch (skbstress.api.SkbException e) {
                stagger = Math.max(0, k - 1);
                return Races.REFUSED;
            }
            for (byte b : seen) {
                if (b != SOURCE_MARK) {
                    return 2;
                }
            }
            return seen.length == Kernel.PAGE_SIZE ? 1 : 2;
        }

        @Override
        public int[] settle(Flip s) {
            return flips.settle(s);
        }
    }
}
