package skbstress.races;

import java.util.function.Supplier;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/** Races of page_pool recycling (specs/pagepool.md, I-PP-1..3). */
public final class PagePoolRaces {
    private PagePoolRaces() {}

    /**
     * A pool page with two pp references held by two skbs: a marked {@code a} with the page as a frag, and a
     * marked {@code c} into which a clone of {@code a} was coalesced (skb_pp_frag_ref took the second pp
     * reference; the clone was consumed). The page's refcount is the pool's 1.
     */
    public static final class Shared {
        final SkbOps ops;
        final long pool;
        final long page;
        final long a;
        final long c;
        /** The pool's pages in flight once set up (a leak of an earlier run on the shared pool stays counted). */
        final int inFlight;

        Shared(SkbOps ops, long pool) {
            this.ops = ops;
            this.pool = pool;
            page = ops.poolAllocPage(pool);
            a = ops.allocSkb(64, false);
            ops.markForRecycle(a);
            ops.addFrag(a, page, 0, 1000);
            c = ops.allocSkb(0, false);
            ops.markForRecycle(c);
            if (!ops.coalesce(c, ops.clone(a))) {
                throw new IllegalStateException("the set-up's coalesce returned false");
            }
            inFlight = ops.snapshot().pools().get(pool).inFlight();
        }
    }

    /**
     * The two holders are freed at once, each dropping its pp reference (napi_pp_put_page): exactly one drop is
     * the last, and it recycles the page into the cache (refcount 1). Observations: each free's "released"; then
     * 0 when the page is in the pool's cache once, with no pp reference, refcount 1, nothing in flight, and the
     * next allocation hands it out again, else 1.
     */
    public static final class TwoHoldersDropAtOnce implements Race<Shared> {
        private final SkbOps impl;
        /** One pool on the implementation for every run: each run's page comes from its cache. */
        private final long implPool;

        public TwoHoldersDropAtOnce(Supplier<SkbOps> subject) {
            this.impl = subject.get();
            this.implPool = impl.createPagePool(4);
        }

        @Override
        public Shared setUp(boolean model) {
            if (model) {
                SkbOps m = Races.model();
                return new Shared(m, m.createPagePool(4));
            }
            return new Shared(impl, implPool);
        }

        @Override
        public int act(Shared s, int actor, int step) {
            return Races.freed(s.ops, actor == 0 ? s.a : s.c);
        }

        @Override
        public int[] settle(Shared s) {
            Snapshot snap = s.ops.snapshot();
            Snapshot.Pool pool = snap.pools().get(s.pool);
            Snapshot.Page page = snap.pages().get(s.page);
            boolean once = pool != null && !pool.cached().isEmpty() && pool.cached().get(0) == s.page
                    && pool.cached().indexOf(s.page) == pool.cached().lastIndexOf(s.page)
                    && pool.inFlight() == s.inFlight - 1 && page != null && page.pool() == s.pool && page.ppRefCount() == 0 && page.refcount() == 1;
            if (once) {
                long again = s.ops.poolAllocPage(s.pool); // the reuse: handed out again, then put back
                once = again == s.page;
                s.ops.poolPutPage(again);
            }
            return new int[] {once ? 0 : 1};
        }
    }

    /** Two marked skbs, each holding one pool page of the same pool as its frag (one pp reference each). */
    public static final class TwoPages {
        final SkbOps ops;
        final long pool;
        final long pageA;
        final long pageB;
        final long a;
        final long b;
        /** The pool's pages in flight once set up. */
        final int inFlight;

        TwoPages(SkbOps ops, long pool) {
            this.ops = ops;
            this.pool = pool;
            pageA = ops.poolAllocPage(pool);
            pageB = ops.poolAllocPage(pool);
            a = marked(ops, pageA);
            b = marked(ops, pageB);
            inFlight = ops.snapshot().pools().get(pool).inFlight();
        }

        private static long marked(SkbOps ops, long page) {
            long skb = ops.allocSkb(64, false);
            ops.markForRecycle(skb);
            ops.addFrag(skb, page, 0, 1000);
            return skb;
        }
    }

    /**
     * The two skbs are freed at once: each drop is its page's last pp reference, so both pages are pushed onto the
     * pool's cache at once. Observations: each free's "released"; then 0 when both pages are cached once each, with
     * no pp reference and refcount 1, two fewer in flight, and the next two allocations hand out exactly those two,
     * else 1.
     */
    public static final class TwoPagesRecycledAtOnce implements Race<TwoPages> {
        private final SkbOps impl;
        /** One pool on the implementation for every run: each run's pages come from its cache. */
        private final long implPool;

        public TwoPagesRecycledAtOnce(Supplier<SkbOps> subject) {
            this.impl = subject.get();
            this.implPool = impl.createPagePool(4);
        }

        @Override
        public TwoPages setUp(boolean model) {
            if (model) {
                SkbOps m = Races.model();
                return new TwoPages(m, m.createPagePool(4));
            }
            return new TwoPages(impl, implPool);
        }

        @Override
        public int act(TwoPages s, int actor, int step) {
            return Races.freed(s.ops, actor == 0 ? s.a : s.b);
        }

        @Override
        public int[] settle(TwoPages s) {
            Snapshot snap = s.ops.snapshot();
            Snapshot.Pool pool = snap.pools().get(s.pool);
            boolean both = pool != null && pool.inFlight() == s.inFlight - 2 && cachedOnce(snap, pool, s, s.pageA)
                    && cachedOnce(snap, pool, s, s.pageB);
            if (both) {
                long x = s.ops.poolAllocPage(s.pool); // the reuse: both handed out again, then put back
                long y = s.ops.poolAllocPage(s.pool);
                both = java.util.Set.of(x, y).equals(java.util.Set.of(s.pageA, s.pageB));
                s.ops.poolPutPage(x);
                s.ops.poolPutPage(y);
            }
            return new int[] {both ? 0 : 1};
        }

        private static boolean cachedOnce(Snapshot snap, Snapshot.Pool pool, TwoPages s, long page) {
            Snapshot.Page p = snap.pages().get(page);
            return pool.cached().indexOf(page) >= 0 && pool.cached().indexOf(page) == pool.cached().lastIndexOf(page)
                    && p != null && p.pool() == s.pool && p.ppRefCount() == 0 && p.refcount() == 1;
        }
    }
}
