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
 * MAX_SKB_FRAGS frags, each inside its page), I-FRAG-4 (page-fragment heads on one page never overlap).
 */
final class FragsRules extends Rules {
    /** Operations through which a caller's own page references change (I-FRAG-1). */
    private static final Set<String> PAGE_REF_OPS =
            Set.of("allocPage", "getPage", "putPage", "addFrag", "zerocopyAttach", "buildSkb");
    /** Operations through which a caller's own users references change (I-FRAG-2). */
    private static final Set<String> USERS_REF_OPS = Set.of("get", "getMany", "free", "consume", "shareCheck",
            "unshare", "addFragList", "pageFlip");

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
}
