package skbstress.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.Refcount;
import skbstress.api.Snapshot;

/**
 * The rules of {@code specs/frags.md}: I-FRAG-1 (a page's count is its structure references plus the
 * caller's, and only the caller's page operations change the caller's), I-FRAG-2 (a frag_list member's
 * users cover its lists, and only the caller's skb operations change the caller's share), I-FRAG-3 (at most
 * MAX_SKB_FRAGS frags, each inside its page), I-FRAG-4 (page-fragment heads on one page never overlap), I-FRAG-5
 * (a coalesce appends all of the consumed skb: its frags moved or referenced once each, a stolen head's page
 * reference become the new frag's, its data released once or stolen).
 */
final class FragsRules extends Rules {
    /** Operations through which a caller's own page references change (I-FRAG-1). */
    private static final Set<String> PAGE_REF_OPS =
            Set.of("allocPage", "getPage", "putPage", "addFrag", "zerocopyAttach", "buildSkb");
    /** Operations through which a caller's own users references change (I-FRAG-2). */
    private static final Set<String> USERS_REF_OPS = Set.of("get", "getMany", "free", "consume", "shareCheck",
            "unshare", "addFragList", "pageFlip", "napiConsumeSkb");

    FragsRules(List<String> violations) {
        super(violations);
    }

    void check(String op, SnapshotView b, SnapshotView a) {
        for (Snapshot.Page p : a.s.pages().values()) {
            if (a.callerPageRefs(p) < 0) {
                fail("I-FRAG-1", "page %x refcount %d below its %d structure references", p.handle(), p.refcount(),
                        a.pageStructRefs.getOrDefault(p.handle(), 0));
            }
        }
        if (!PAGE_REF_OPS.contains(op)) {
            for (Snapshot.Page p : b.s.pages().values()) {
                Snapshot.Page now = a.s.pages().get(p.handle());
                int was = b.callerPageRefs(p);
                int is = now == null ? 0 : a.callerPageRefs(now);
                if (was != is) {
                    fail("I-FRAG-1", "%s changed the caller's references on page %x from %d to %d", op, p.handle(),
                            was, is);
                }
            }
        }
        for (Snapshot.Skb k : a.s.skbs().values()) {
            int lists = a.listRefs.getOrDefault(k.handle(), 0);
            if (!Refcount.isSaturated(k.users()) && k.users() < lists) {
                fail("I-FRAG-2", "skb %x users %d below the %d frag_lists holding it", k.handle(), k.users(), lists);
            }
            if (k.frags().size() > Kernel.MAX_SKB_FRAGS) {
                fail("I-FRAG-3", "skb %x has %d frags", k.handle(), k.frags().size());
            }
            for (Snapshot.Frag f : k.frags()) {
                if (f.size() <= 0 || f.offset() < 0 || f.offset() + f.size() > Kernel.PAGE_SIZE) {
                    fail("I-FRAG-3", "skb %x frag %s outside its page", k.handle(), f);
                }
            }
        }
        Map<Long, Long> headMaps = new HashMap<>();
        for (List<Snapshot.Skb> group : a.sharers.values()) {
            Snapshot.Skb k = group.get(0);
            if (k.headKind() == HeadKind.PAGE_FRAG) {
                long units = Kernel.pageUnits(k.head(), k.end() - k.head() + Kernel.skbDataAlign(Kernel.SHINFO_SIZE));
                long seen = headMaps.getOrDefault(k.headOwner(), 0L);
                if ((seen & units) != 0) {
                    fail("I-FRAG-4", "skb heads overlap on page %x", k.headOwner());
                }
                headMaps.put(k.headOwner(), seen | units);
            }
        }
        if (op.equals("coalesce") && b != a) {
            coalesce(b, a);
        }
        if (!USERS_REF_OPS.contains(op)) {
            for (Snapshot.Skb k : b.s.skbs().values()) {
                Snapshot.Skb now = a.s.skbs().get(k.handle());
                if (now != null && !Refcount.isSaturated(now.users()) && b.callerUsers(k) != a.callerUsers(now)) {
                    fail("I-FRAG-2", "%s changed the caller's references on skb %x from %d to %d", op, k.handle(),
                            b.callerUsers(k), a.callerUsers(now));
                }
            }
        }
    }

    /** I-FRAG-5 over one coalesce that consumed an skb (one that changed nothing consumed none). */
    private void coalesce(SnapshotView b, SnapshotView a) {
        Snapshot.Skb from = null;
        for (Snapshot.Skb k : b.s.skbs().values()) { // its frag_list members may go with it; they were listed
            if (!a.s.skbs().containsKey(k.handle()) && b.listRefs.getOrDefault(k.handle(), 0) == 0) {
                from = k;
            }
        }
        if (from == null) {
            return;
        }
        Snapshot.Skb to = null;
        Snapshot.Skb was = null;
        for (Snapshot.Skb k : a.s.skbs().values()) {
            Snapshot.Skb old = b.s.skbs().get(k.handle());
            if (old != null && (old.len() != k.len() || !old.frags().equals(k.frags()))) {
                to = k;
                was = old;
            }
        }
        if (to == null) {
            if (from.len() != 0) {
                fail("I-FRAG-5", "coalesce consumed skb %x of len %d and no skb grew", from.handle(), from.len());
            }
            return;
        }
        if (to.len() != was.len() + from.len()) {
            fail("I-FRAG-5", "coalesce of %x (len %d) took skb %x from len %d to %d", from.handle(), from.len(),
                    to.handle(), was.len(), to.len());
        }
        int n = was.frags().size();
        if (to.frags().size() < n || !to.frags().subList(0, n).equals(was.frags())) {
            fail("I-FRAG-5", "coalesce changed skb %x's frags %s to %s", to.handle(), was.frags(), to.frags());
            return;
        }
        List<Snapshot.Frag> added = to.frags().subList(n, to.frags().size());
        if (added.isEmpty()) { // copied into the tailroom
            if (to.dataLen() != was.dataLen()) {
                fail("I-FRAG-5", "coalesce into %x's tailroom changed its data_len", to.handle());
            }
            return;
        }
        boolean shared = b.sharers.get(from.shinfo()).size() > 1;
        boolean stolen = added.size() == from.frags().size() + 1;
        Snapshot.Frag head = new Snapshot.Frag(from.headOwner(), from.data(), from.len() - from.dataLen());
        if (stolen && (shared || from.headKind() != HeadKind.PAGE_FRAG || !added.get(0).equals(head))) {
            fail("I-FRAG-5", "coalesce of %x: frag %s is not its exclusive page-fragment head %s", from.handle(),
                    added.get(0), head);
        }
        if (!added.subList(stolen ? 1 : 0, added.size()).equals(from.frags())
                || to.dataLen() != was.dataLen() + from.len()) {
            fail("I-FRAG-5", "coalesce of %x appended %s to %x, not its frags %s once each (data_len %d -> %d)",
                    from.handle(), added, to.handle(), from.frags(), was.dataLen(), to.dataLen());
        }
        Map<Long, Integer> expected = new HashMap<>(); // page -> refcount change the coalesce accounts for
        if (shared) {
            from.frags().forEach(f -> expected.merge(f.page(), 1, Integer::sum)); // referenced again
        } else if (!stolen && from.headKind() == HeadKind.PAGE_FRAG) {
            expected.merge(from.headOwner(), -1, Integer::sum); // from's head freed with its data
        }
        for (Snapshot.Page p : b.s.pages().values()) {
            if (p.pool() != 0) {
                continue; // a pool page's references follow the pp rules (PagePoolRules, I-PP-2)
            }
            Snapshot.Page now = a.s.pages().get(p.handle());
            int change = (now == null ? 0 : now.refcount()) - p.refcount();
            if (change != expected.getOrDefault(p.handle(), 0)) {
                fail("I-FRAG-5", "coalesce of %x changed page %x's refcount by %d, not %d", from.handle(),
                        p.handle(), change, expected.getOrDefault(p.handle(), 0));
            }
        }
    }
}
