package skbstress.model;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/** The rules of specs/ext.md: I-EXT-1 (an skb_ext's count is its sharers), I-EXT-2 (a write is seen by one skb only). */
final class ExtRules {
    private ExtRules() {}

    static void check(String op, Snapshot b, Snapshot a, BiConsumer<String, String> fail) {
        Map<Long, Integer> sharers = new HashMap<>();
        for (Snapshot.Skb k : a.skbs().values()) {
            if ((k.ext() == 0) != (k.activeExt() == 0) || k.ext() != 0 && !a.exts().containsKey(k.ext())
                    || (k.activeExt() >>> SkbOps.SKB_EXT_NUM) != 0) {
                fail.accept("I-EXT-1", String.format("skb %x points at ext %x with active 0x%x", k.handle(), k.ext(),
                        k.activeExt()));
                continue;
            }
            if (k.ext() != 0) {
                sharers.merge(k.ext(), 1, Integer::sum);
            }
        }
        for (Snapshot.Ext e : a.exts().values()) {
            int n = sharers.getOrDefault(e.handle(), 0);
            if (e.refcnt() != n) {
                fail.accept("I-EXT-1", String.format("ext %x refcnt %d, but %d skbs point at it%s", e.handle(),
                        e.refcnt(), n, n == 0 ? " (leaked)" : ""));
            }
        }
        if (b == a) {
            return;
        }
        boolean edit = op.equals("extAdd") || op.equals("extDel");
        int changed = 0;
        for (Snapshot.Skb k : a.skbs().values()) {
            Snapshot.Skb old = b.skbs().get(k.handle());
            if (old == null || visible(b, old).equals(visible(a, k))) {
                continue;
            }
            changed++;
            Snapshot.Ext e = a.exts().get(k.ext());
            boolean exclusive = e == null || e.refcnt() == 1;
            if (!edit || op.equals("extAdd") && !exclusive) {
                fail.accept("I-EXT-2", String.format("%s changed the extensions skb %x sees, %s -> %s%s", op,
                        k.handle(), visible(b, old), visible(a, k), edit ? ", through a shared skb_ext" : ""));
            }
        }
        if (changed > 1) {
            fail.accept("I-EXT-2", String.format("%s changed the extensions %d skbs see: a shared skb_ext was written",
                    op, changed));
        }
    }

    /** What an skb sees: the value of each active id, -1 elsewhere. */
    private static java.util.List<Integer> visible(Snapshot s, Snapshot.Skb k) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        Snapshot.Ext e = k.ext() == 0 ? null : s.exts().get(k.ext());
        for (int id = 0; id < SkbOps.SKB_EXT_NUM; id++) {
            out.add(e != null && (k.activeExt() & (1 << id)) != 0 ? e.values().get(id) : -1);
        }
        return out;
    }
}
