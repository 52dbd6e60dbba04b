package skbstress.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import skbstress.api.FcloneState;
import skbstress.api.HeadKind;
import skbstress.api.Snapshot;

/** Indexes derived from one snapshot, shared by the rules classes of {@link InvariantChecker}. */
final class SnapshotView {
    final Snapshot s;
    final Map<Long, List<Snapshot.Skb>> sharers = new HashMap<>();
    final Map<Long, List<Snapshot.Skb>> pairs = new HashMap<>();
    /** Page references structures own: frags and heads (pool pages: of unmarked skbs), and each pool's 1. */
    final Map<Long, Integer> pageStructRefs = new HashMap<>();
    /** pp references structures own: frags and heads on pool pages of marked skbs (specs/pagepool.md). */
    final Map<Long, Integer> ppStructRefs = new HashMap<>();
    final Map<Long, Integer> listRefs = new HashMap<>();
    final Map<Long, Integer> ubufRefs = new HashMap<>();
    final Map<Long, Integer> driverRefs = new HashMap<>();
    final Map<Integer, Integer> headObjects = new HashMap<>();

    SnapshotView(Snapshot s) {
        this.s = s;
        for (Snapshot.Skb k : s.skbs().values()) {
            sharers.computeIfAbsent(k.shinfo(), x -> new ArrayList<>()).add(k);
            if (k.fclone() != FcloneState.UNAVAILABLE) {
                pairs.computeIfAbsent(k.pair(), x -> new ArrayList<>()).add(k);
            }
        }
        for (List<Snapshot.Skb> group : sharers.values()) {
            Snapshot.Skb k = group.get(0);
            for (Snapshot.Frag f : k.frags()) {
                (pp(k, f.page()) ? ppStructRefs : pageStructRefs).merge(f.page(), 1, Integer::sum);
            }
            if (k.headKind() == HeadKind.PAGE_FRAG) {
                (pp(k, k.headOwner()) ? ppStructRefs : pageStructRefs).merge(k.headOwner(), 1, Integer::sum);
            }
            if (k.headKind() == HeadKind.DRIVER_SLICE) {
                driverRefs.merge(k.headOwner(), 1, Integer::sum);
            }
            if (k.headCache() >= 0) {
                headObjects.merge(k.headCache(), 1, Integer::sum);
            }
            for (long m : k.fragList()) {
                listRefs.merge(m, 1, Integer::sum);
            }
            if (k.ubuf() != 0) {
                ubufRefs.merge(k.ubuf(), 1, Integer::sum);
            }
        }
    }

    /** Whether a sharer group's reference on a page is a pp reference: a pool page held by a marked skb. */
    private boolean pp(Snapshot.Skb k, long page) {
        Snapshot.Page p = s.pages().get(page);
        return k.ppRecycle() && p != null && p.pool() != 0;
    }

    int callerPageRefs(Snapshot.Page p) {
        return p.refcount() - pageStructRefs.getOrDefault(p.handle(), 0) - (p.pool() != 0 ? 1 : 0);
    }

    /** The caller's pp references on a pool page: those no structure owns. */
    int callerPpRefs(Snapshot.Page p) {
        return p.ppRefCount() - ppStructRefs.getOrDefault(p.handle(), 0);
    }

    int callerUsers(Snapshot.Skb k) {
        return k.users() - listRefs.getOrDefault(k.handle(), 0);
    }

    /** How many of the snapshot's caller objects (flipped pages among them) are in cache {@code cache}. */
    int userObjects(int cache) {
        int n = 0;
        for (Snapshot.UserObject o : s.objects().values()) {
            n += o.cache() == cache ? 1 : 0;
        }
        return n;
    }

    /** The entries a step added to a log: the newest {@code afterTotal - beforeTotal} (none for a lone state). */
    static <T> List<T> added(List<T> log, long beforeTotal, long afterTotal) {
        long n = afterTotal - beforeTotal;
        return n <= 0 ? List.of() : log.subList((int) Math.max(0, log.size() - n), log.size());
    }
}
