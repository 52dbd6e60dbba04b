package skbstress.diff;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * What a differential run can act on, as model handles: live things by kind, plus a few recently dead
 * ones (for the stale-handle steps). Steps pick by raw number modulo the list size; an empty list
 * yields NULL, which both sides must refuse (or, for a free, ignore) alike.
 */
final class Population {
    enum Kind { SKB, PAGE, OBJECT, HEAD_OBJECT, FLIPPED, DRIVER_BUFFER, UBUF, SOCKET, POOL, DEAD }

    private static final int GRAVEYARD = 16;

    private final Map<Kind, List<Long>> lists = new EnumMap<>(Kind.class);
    /** The domain that owns each flipped page. */
    final Map<Long, Integer> flippedDomain = new HashMap<>();

    Population() {
        for (Kind k : Kind.values()) {
            lists.put(k, new ArrayList<>());
        }
    }

    long pick(Kind kind, int raw) {
        List<Long> l = lists.get(kind);
        return l.isEmpty() ? SkbOps.NULL : l.get(Math.floorMod(raw, l.size()));
    }

    int size(Kind kind) {
        return lists.get(kind).size();
    }

    void add(Kind kind, long h) {
        List<Long> l = lists.get(kind);
        if (!l.contains(h)) {
            l.add(h);
        }
    }

    /** Drops what the model says is gone, keeping a few of them as stale handles. */
    void prune(Snapshot m) {
        keep(Kind.SKB, m.skbs().keySet());
        keep(Kind.PAGE, m.pages().keySet());
        keep(Kind.DRIVER_BUFFER, m.driverBuffers().keySet());
        keep(Kind.UBUF, m.ubufs().keySet());
        List<Long> objects = lists.get(Kind.OBJECT);
        List<Long> flipped = lists.get(Kind.FLIPPED);
        for (List<Long> l : List.of(objects, flipped)) {
            for (Long h : new ArrayList<>(l)) {
                Snapshot.UserObject o = m.objects().get(h);
                boolean stays = o != null && (l == objects ? o.domain() == SkbOps.LOCAL_DOMAIN : o.domain() != 0);
                if (!stays) {
                    l.remove(h);
                    bury(h);
                }
            }
        }
        List<Long> heads = lists.get(Kind.HEAD_OBJECT);
        Set<Long> owners = new java.util.HashSet<>();
        m.skbs().values().forEach(s -> owners.add(s.headOwner()));
        for (Long h : new ArrayList<>(heads)) {
            if (!owners.contains(h)) {
                heads.remove(h);
                bury(h);
            }
        }
    }

    private void keep(Kind kind, Set<Long> live) {
        List<Long> l = lists.get(kind);
        for (Long h : new ArrayList<>(l)) {
            if (!live.contains(h)) {
                l.remove(h);
                bury(h);
            }
        }
    }

    private void bury(long h) {
        List<Long> dead = lists.get(Kind.DEAD);
        dead.add(h);
        if (dead.size() > GRAVEYARD) {
            dead.remove(0);
        }
    }
}
