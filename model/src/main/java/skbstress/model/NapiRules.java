package skbstress.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import skbstress.api.FcloneState;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * The rules of {@code specs/napi.md}: I-NAPI-1 (the head cache's live objects are the single skbs, the caller
 * objects and the structs the NAPI caches hold), I-NAPI-2 (each CPU's count stays below NAPI_SKB_CACHE_SIZE),
 * I-NAPI-3 (a cache changes only by the NAPI operations, in the kernel's steps), I-NAPI-4 (a struct leaves a
 * cache as a fresh skb with a new handle; a released skb's handle never names a live skb again). Keeps the skb
 * handles seen released, for I-NAPI-4.
 */
final class NapiRules extends Rules {
    private final Set<Long> releasedSkbs = new HashSet<>();

    NapiRules(List<String> violations) {
        super(violations);
    }

    void check(String op, SnapshotView b, SnapshotView a) {
        List<Integer> now = a.s.napiCached();
        if (now.size() != SkbOps.NAPI_CPUS) {
            fail("I-NAPI-2", "%d NAPI caches, not %d", now.size(), SkbOps.NAPI_CPUS);
            return;
        }
        for (int cpu = 0; cpu < now.size(); cpu++) {
            if (now.get(cpu) < 0 || now.get(cpu) >= SkbOps.NAPI_SKB_CACHE_SIZE) {
                fail("I-NAPI-2", "cpu %d caches %d structs (0..%d)", cpu, now.get(cpu),
                        SkbOps.NAPI_SKB_CACHE_SIZE - 1);
            }
        }
        int single = 0;
        for (Snapshot.Skb k : a.s.skbs().values()) {
            single += k.fclone() == FcloneState.UNAVAILABLE ? 1 : 0;
        }
        Snapshot.Cache hc = a.s.caches().get(SkbOps.HEAD_CACHE);
        int user = a.userObjects(SkbOps.HEAD_CACHE);
        int cached = a.s.napiCachedTotal();
        if (hc.live() != single + user + cached) {
            fail("I-NAPI-1", "head cache has %d live objects for %d single skbs, %d caller objects and %d NAPI-cached "
                    + "structs", hc.live(), single, user, cached);
        }
        if (b != a) {
            steps(op, b.s.napiCached(), now);
            fresh(op, b, a);
        }
    }

    /** I-NAPI-3: which count may change, and how, by this operation. */
    private void steps(String op, List<Integer> before, List<Integer> after) {
        if (before.size() != after.size()) {
            return;
        }
        int changed = 0;
        for (int cpu = 0; cpu < after.size(); cpu++) {
            int was = before.get(cpu);
            int is = after.get(cpu);
            if (was == is) {
                continue;
            }
            changed++;
            boolean ok = switch (op) {
                case "napiAllocSkb" -> is == was - 1 || was == 0 && is == SkbOps.NAPI_SKB_CACHE_BULK - 1;
                case "napiConsumeSkb" -> is == was + 1 || was == SkbOps.NAPI_SKB_CACHE_SIZE - 1
                        && is == SkbOps.NAPI_SKB_CACHE_HALF;
                case "napiCacheDrain" -> is == 0;
                default -> false;
            };
            if (!ok) {
                fail("I-NAPI-3", "%s changed cpu %d's NAPI cache from %d to %d", op, cpu, was, is);
            }
        }
        if (changed > 1) {
            fail("I-NAPI-3", "%s changed %d CPUs' NAPI caches", op, changed);
        }
    }

    /** I-NAPI-4: what a struct from a cache starts as, and dead handles staying dead. */
    private void fresh(String op, SnapshotView b, SnapshotView a) {
        for (long h : b.s.skbs().keySet()) {
            if (!a.s.skbs().containsKey(h)) {
                releasedSkbs.add(h);
            }
        }
        for (Snapshot.Skb k : a.s.skbs().values()) {
            if (releasedSkbs.contains(k.handle())) {
                fail("I-NAPI-4", "released skb handle %x names a live skb again", k.handle());
            }
            if (op.equals("napiAllocSkb") && !b.s.skbs().containsKey(k.handle())
                    && (k.users() != 1 || k.cloned() || k.nohdr() || k.dataref() != 1 || k.destructor() != 0
                    || k.sk() != 0 || k.ext() != 0 || k.len() != 0 || k.tail() != k.data() || !k.frags().isEmpty()
                    || !k.fragList().isEmpty() || k.ubuf() != 0 || k.fclone() != FcloneState.UNAVAILABLE)) {
                fail("I-NAPI-4", "napiAllocSkb made skb %x that is not fresh: %s", k.handle(), k);
            }
        }
    }
}
