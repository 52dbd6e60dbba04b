package skbstress.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * The rules of {@code specs/slab.md}: I-SLAB-1 (live and free counts are never negative), I-SLAB-6 (a
 * cache's live objects are exactly its skb heads and caller objects), I-SLAB-7 (a bounded cache stays within
 * its capacity), I-SLAB-8 (the constructor runs once per object made), I-SLAB-9 (a released handle never
 * names a live thing again). Keeps the handles seen released, for I-SLAB-9.
 */
final class SlabRules extends Rules {
    private final Set<Long> releasedHandles = new HashSet<>();

    SlabRules(List<String> violations) {
        super(violations);
    }

    void check(SnapshotView b, SnapshotView a) {
        slabs(a);
        history(b, a);
    }

    private void slabs(SnapshotView a) {
        for (Snapshot.Cache c : a.s.caches()) {
            if (c.live() < 0 || c.free() < 0) {
                fail("I-SLAB-1", "cache %s live %d free %d", c.name(), c.live(), c.free());
            }
            int expected = a.userObjects(c.id()) + a.headObjects.getOrDefault(c.id(), 0);
            if (c.id() == SkbOps.HEAD_CACHE || c.id() == SkbOps.FCLONE_CACHE) {
                continue; // structs are counted by I-FCLONE-1 and I-FCLONE-5
            }
            if (c.live() != expected) {
                fail("I-SLAB-6", "cache %s has %d live objects; skb heads and caller objects account for %d",
                        c.name(), c.live(), expected);
            }
            if (c.capacity() > 0 && c.live() + c.free() > c.capacity()) {
                fail("I-SLAB-7", "cache %s holds %d objects, capacity %d", c.name(), c.live() + c.free(),
                        c.capacity());
            }
            if (c.ctorRuns() != (c.ctor() ? c.live() + c.free() : 0)) {
                fail("I-SLAB-8", "cache %s ran its constructor %d times for %d objects", c.name(), c.ctorRuns(),
                        c.live() + c.free());
            }
        }
    }

    /** A handle, once released, never names a live thing again (I-SLAB-9). */
    private void history(SnapshotView b, SnapshotView a) {
        gone(b.s.objects().keySet(), a.s.objects().keySet());
        gone(b.s.pages().keySet(), a.s.pages().keySet());
        gone(b.s.ubufs().keySet(), a.s.ubufs().keySet());
        gone(b.s.driverBuffers().keySet(), a.s.driverBuffers().keySet());
        for (Set<Long> live : List.of(a.s.objects().keySet(), a.s.pages().keySet(), a.s.ubufs().keySet(),
                a.s.driverBuffers().keySet())) {
            for (long h : live) {
                if (releasedHandles.contains(h)) {
                    fail("I-SLAB-9", "released handle %x is live again", h);
                }
            }
        }
    }

    private void gone(Set<Long> before, Set<Long> after) {
        for (long h : before) {
            if (!after.contains(h)) {
                releasedHandles.add(h);
            }
        }
    }
}
