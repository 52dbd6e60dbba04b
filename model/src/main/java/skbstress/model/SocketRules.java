package skbstress.model;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/** The rules of specs/socket.md: I-SOCK-1 (charges balance), I-SOCK-2 (a charged truesize stays), I-SOCK-3 (owner and destructor go together). */
final class SocketRules {
    private SocketRules() {}

    /** Constructors of new skbs (clones and copies included): none starts owned (I-SOCK-3). */
    private static final java.util.Set<String> MAKERS = java.util.Set.of("allocSkb", "devAllocSkb",
            "devAllocSkbIpAlign", "allocSkbFromCache", "buildSkb", "makeZeroCopySkb", "clone", "pskbCopy", "copy",
            "shareCheck", "unshare", "napiAllocSkb");

    static void check(String op, Snapshot b, Snapshot a, BiConsumer<String, String> fail) {
        Map<Long, long[]> charged = new HashMap<>(); // socket -> {wmem, rmem} the live skbs account for
        for (Snapshot.Skb k : a.skbs().values()) {
            boolean socketDestructor = k.destructor() == SkbOps.SOCK_WFREE || k.destructor() == SkbOps.SOCK_RFREE;
            if (socketDestructor != (k.sk() != 0) || k.sk() != 0 && !a.sockets().containsKey(k.sk())) {
                fail.accept("I-SOCK-3", String.format("skb %x has owner %x and destructor %d", k.handle(), k.sk(),
                        k.destructor()));
            }
            if (k.sk() != 0) {
                charged.computeIfAbsent(k.sk(), x -> new long[2])[k.destructor() == SkbOps.SOCK_WFREE ? 0 : 1] +=
                        k.truesize();
            }
            Snapshot.Skb old = b.skbs().get(k.handle());
            if (old == null && b != a && MAKERS.contains(op) && k.sk() != 0) {
                fail.accept("I-SOCK-3", String.format("new skb %x starts owned by %x", k.handle(), k.sk()));
            }
            if (old != null && old.sk() != 0 && old.sk() == k.sk() && old.destructor() == k.destructor()
                    && old.truesize() != k.truesize()) {
                fail.accept("I-SOCK-2", String.format("skb %x owned by %x changed truesize %d -> %d", k.handle(),
                        k.sk(), old.truesize(), k.truesize()));
            }
        }
        for (Snapshot.Socket s : a.sockets().values()) {
            long[] c = charged.getOrDefault(s.handle(), new long[2]);
            if (s.wmemAlloc() != c[0] || s.rmemAlloc() != c[1]) {
                fail.accept("I-SOCK-1", String.format("socket %x charged wmem %d, rmem %d; its live skbs account "
                        + "for %d, %d", s.handle(), s.wmemAlloc(), s.rmemAlloc(), c[0], c[1]));
            }
        }
    }
}
