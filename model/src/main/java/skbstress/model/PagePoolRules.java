package skbstress.model;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import skbstress.api.HeadKind;
import skbstress.api.Snapshot;

/**
 * The rules of specs/pagepool.md: I-PP-1 (a pool page is in its pool's cache or in flight, counted once), I-PP-2
 * (recycled only when nothing else holds it: refcount 1, no pp reference; in flight only while one is held),
 * I-PP-3 (the sharers of a shared info with pool pages agree on pp_recycle), I-PP-4 (a pool ends only destroyed
 * and empty).
 */
final class PagePoolRules extends Rules {
    PagePoolRules(List<String> violations) {
        super(violations);
    }

    void check(String op, SnapshotView b, SnapshotView a) {
        Map<Long, Integer> poolPages = new HashMap<>();
        for (Snapshot.Page p : a.s.pages().values()) {
            if (p.pool() == 0) {
                if (p.ppRefCount() != 0) {
                    fail("I-PP-1", "page %x belongs to no pool yet holds %d pp references", p.handle(), p.ppRefCount());
                }
                continue;
            }
            if (!a.s.pools().containsKey(p.pool())) {
                fail("I-PP-1", "page %x names pool %x, which has ended", p.handle(), p.pool());
            }
            poolPages.merge(p.pool(), 1, Integer::sum);
            if (a.callerPpRefs(p) < 0) {
                fail("I-PP-2", "page %x pp_ref_count %d below its %d structure pp references", p.handle(),
                        p.ppRefCount(), a.ppStructRefs.getOrDefault(p.handle(), 0));
            }
        }
        Set<Long> cached = new HashSet<>();
        for (Snapshot.Pool pool : a.s.pools().values()) {
            for (long h : pool.cached()) {
                Snapshot.Page p = a.s.pages().get(h);
                if (!cached.add(h) || p == null || p.pool() != pool.handle()) {
                    fail("I-PP-1", "pool %x caches page %x twice, freed, or of another pool (%s)", pool.handle(), h, p);
                    continue;
                }
                if (p.refcount() != 1 || p.ppRefCount() != 0 || a.pageStructRefs.containsKey(h)
                        || a.ppStructRefs.containsKey(h)) {
                    fail("I-PP-2", "pool %x caches page %x while it is held: %s (structure references %s/%s)",
                            pool.handle(), h, p, a.pageStructRefs.get(h), a.ppStructRefs.get(h));
                }
            }
            int mine = poolPages.getOrDefault(pool.handle(), 0);
            if (pool.cached().size() > pool.capacity() || pool.inFlight() != mine - pool.cached().size()) {
                fail("I-PP-1", "pool %x: %d cached (capacity %d), %d in flight, but %d pages are its", pool.handle(),
                        pool.cached().size(), pool.capacity(), pool.inFlight(), mine);
            }
            if (pool.destroyed() && (!pool.cached().isEmpty() || pool.inFlight() == 0)) {
                fail("I-PP-4", "destroyed pool %x still caches %s with %d in flight", pool.handle(), pool.cached(),
                        pool.inFlight());
            }
        }
        for (Snapshot.Page p : a.s.pages().values()) {
            if (p.pool() != 0 && !cached.contains(p.handle()) && p.ppRefCount() < 1) {
                fail("I-PP-2", "page %x is in flight from pool %x with no pp reference", p.handle(), p.pool());
            }
        }
        for (List<Snapshot.Skb> group : a.sharers.values()) {
            if (holdsPoolPage(a.s, group.get(0)) && group.stream().map(Snapshot.Skb::ppRecycle).distinct().count() > 1) {
                fail("I-PP-3", "the sharers %s of one shared info with pool pages disagree on pp_recycle",
                        group.stream().map(k -> Long.toHexString(k.handle()) + (k.ppRecycle() ? "+" : "-")).toList());
            }
        }
        for (Snapshot.Pool pool : b.s.pools().values()) {
            if (!a.s.pools().containsKey(pool.handle())
                    && (!pool.destroyed() && !op.equals("destroyPagePool") || poolPages.containsKey(pool.handle()))) {
                fail("I-PP-4", "pool %x ended by %s while not destroyed or with pages still its own", pool.handle(), op);
            }
        }
    }

    private static boolean holdsPoolPage(Snapshot s, Snapshot.Skb k) {
        for (Snapshot.Frag f : k.frags()) {
            Snapshot.Page p = s.pages().get(f.page());
            if (p != null && p.pool() != 0) {
                return true;
            }
        }
        Snapshot.Page head = k.headKind() == HeadKind.PAGE_FRAG ? s.pages().get(k.headOwner()) : null;
        return head != null && head.pool() != 0;
    }
}
