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
}
