package skbstress.model;

import java.util.List;
import java.util.Map;
import skbstress.api.FcloneState;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * The rules of {@code specs/fclone.md}: I-FCLONE-1 (the fclone cache's live objects are the live pairs and
 * caller objects), I-FCLONE-2 ({@code fclone_ref} counts a pair's live members), I-FCLONE-3 (skb2 is handed
 * out only from a live ORIG reading {@code fclone_ref == 1}), I-FCLONE-4 (once the clone dies,
 * {@code fclone_ref} is 1), I-FCLONE-5 (the head cache's live objects are the single skbs and caller
 * objects, the structs of NAPI caches aside: I-NAPI-1).
 */
final class FcloneRules extends Rules {
    FcloneRules(List<String> violations) {
        super(violations);
    }

    void check(SnapshotView b, SnapshotView a) {
        int pairs = a.pairs.size();
        for (Map.Entry<Long, List<Snapshot.Skb>> e : a.pairs.entrySet()) {
            int orig = 0;
            int clone = 0;
            for (Snapshot.Skb k : e.getValue()) {
                orig += k.fclone() == FcloneState.ORIG ? 1 : 0;
                clone += k.fclone() == FcloneState.CLONE ? 1 : 0;
            }
            int ref = e.getValue().get(0).fcloneRef();
            if (orig > 1 || clone > 1 || ref != orig + clone || ref < 1 || ref > 2) {
                fail("I-FCLONE-2", "pair %x: fclone_ref %d with %d ORIG and %d CLONE live", e.getKey(), ref, orig,
                        clone);
            }
            List<Snapshot.Skb> before = b.pairs.get(e.getKey());
            if (before != null) {
                boolean cloneBefore = before.stream().anyMatch(k -> k.fclone() == FcloneState.CLONE);
                if (cloneBefore && clone == 0 && orig == 1 && ref != 1) {
                    fail("I-FCLONE-4", "pair %x: the clone died but fclone_ref is %d", e.getKey(), ref);
                }
            }
        }
        for (Snapshot.Skb k : a.s.skbs().values()) {
            if (k.fclone() == FcloneState.CLONE && !b.s.skbs().containsKey(k.handle()) && b.s != a.s) {
                List<Snapshot.Skb> before = b.pairs.get(k.pair());
                boolean origLive = before != null && before.stream().anyMatch(x -> x.fclone() == FcloneState.ORIG);
                boolean wasOne = before != null && before.get(0).fcloneRef() == 1;
                if (!origLive || !wasOne) {
                    fail("I-FCLONE-3", "skb2 %x handed out (ORIG live before: %b, fclone_ref was 1: %b)",
                            k.handle(), origLive, wasOne);
                }
            }
        }
        Snapshot.Cache fc = a.s.caches().get(SkbOps.FCLONE_CACHE);
        int fcUser = a.userObjects(SkbOps.FCLONE_CACHE);
        if (fc.live() != pairs + fcUser) {
            fail("I-FCLONE-1", "fclone cache has %d live objects for %d pairs and %d caller objects", fc.live(),
                    pairs, fcUser);
        }
        int single = 0;
        for (Snapshot.Skb k : a.s.skbs().values()) {
            single += k.fclone() == FcloneState.UNAVAILABLE ? 1 : 0;
        }
        Snapshot.Cache hc = a.s.caches().get(SkbOps.HEAD_CACHE);
        int hcUser = a.userObjects(SkbOps.HEAD_CACHE);
        int cached = a.s.napiCachedTotal(); // structs in NAPI caches: counted by I-NAPI-1
        if (hc.live() - cached != single + hcUser) {
            fail("I-FCLONE-5", "head cache has %d live objects outside NAPI caches for %d single skbs and %d caller "
                    + "objects", hc.live() - cached, single, hcUser);
        }
    }
}
