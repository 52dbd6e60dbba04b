package skbstress.model;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import skbstress.api.Bytes;
import skbstress.api.HeadKind;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * The rules of specs/segment.md over one {@code segment} step, judged from the snapshots alone (so without the
 * order of the returned segments): I-SEG-1 (each segment frag is a piece of one of the original's frags and holds
 * one page reference of its own), I-SEG-2 (zero-copy frags orphaned, or the ubuf referenced once per segment),
 * I-SEG-3 (each segment is the headers plus its mss-sized piece of the payload, on a new head with the original's
 * headroom, sharing its skb_ext), I-SEG-4 (a sock_wfree charge moves whole to the last segment), I-SEG-5 (a step
 * that made no segment changed nothing).
 */
final class SegmentRules {
    private SegmentRules() {}

    static void check(String op, Snapshot b, Snapshot a, BiConsumer<String, String> fail) {
        if (!op.equals("segment") || b == a) {
            return;
        }
        List<Snapshot.Skb> segs = new ArrayList<>();
        for (Snapshot.Skb k : a.skbs().values()) {
            if (!b.skbs().containsKey(k.handle())) {
                segs.add(k);
            }
        }
        if (segs.isEmpty()) {
            if (!b.skbs().equals(a.skbs()) || !b.pages().equals(a.pages()) || !b.ubufs().equals(a.ubufs())
                    || !b.exts().equals(a.exts()) || !b.sockets().equals(a.sockets())) {
                fail.accept("I-SEG-5", "a segment that made no segment changed the state");
            }
            return;
        }
        // Twins match too (clones, empty skbs with the same headroom): the step is right when the segments are
        // right for one of them; otherwise the violations reported are those of the skb the step changed, if any.
        List<String> shown = null;
        for (Snapshot.Skb o : b.skbs().values()) {
            Snapshot.Skb now = a.skbs().get(o.handle());
            if (now == null || !matches(o, segs, b, a)) {
                continue;
            }
            List<String> found = new ArrayList<>();
            checkOriginal(o, now, segs, b, a, (id, message) -> found.add(id + "\u0000" + message));
            if (found.isEmpty()) {
                return;
            }
            if (shown == null || !now.equals(o)) {
                shown = found;
            }
        }
        if (shown != null) {
            for (String v : shown) {
                int cut = v.indexOf('\u0000');
                fail.accept(v.substring(0, cut), v.substring(cut + 1));
            }
            return;
        }
        fail.accept("I-SEG-3", String.format("segments %s are not the headers plus mss-sized pieces of any skb",
                hex(segs)));
    }

    /** The header length the segments imply for original {@code o}, or -1 when they cannot come from it. */
    private static int headerLength(Snapshot.Skb o, List<Snapshot.Skb> segs) {
        if (segs.size() == 1) {
            return segs.get(0).len() == o.len() ? 0 : -1;
        }
        long sum = 0;
        for (Snapshot.Skb s : segs) {
            sum += s.len();
        }
        long extra = sum - o.len();
        if (extra < 0 || extra % (segs.size() - 1) != 0 || extra / (segs.size() - 1) > o.len() - o.dataLen()) {
            return -1;
        }
        return (int) (extra / (segs.size() - 1));
    }

    /**
     * Whether the segments are {@code o}'s headers plus the pieces of its payload (as a multiset), with its headroom
     * and skb_ext: what any original must give (the checks below then name what else went wrong).
     */
    private static boolean matches(Snapshot.Skb o, List<Snapshot.Skb> segs, Snapshot b, Snapshot a) {
        int h = headerLength(o, segs);
        Map<Bytes, Integer> want = h < 0 ? null : pieces(o, segs, h, b);
        if (want == null) {
            return false;
        }
        Bytes headers = Bytes.copyOf(o.linear().toArray(), 0, h);
        for (Snapshot.Skb s : segs) {
            if (s.data() - s.head() != o.data() - o.head() || s.ext() != o.ext() || s.activeExt() != o.activeExt()) {
                return false; // many skbs may hold the same bytes (empty ones): headroom and skb_ext tell them apart
            }
            byte[] sb = bytes(s, a);
            if (sb.length < h || !Bytes.copyOf(sb, 0, h).equals(headers)
                    || want.merge(Bytes.copyOf(sb, h, sb.length), -1, Integer::sum) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The original's payload cut as the segments' sizes say, as a count of each piece; null when they differ. */
    private static Map<Bytes, Integer> pieces(Snapshot.Skb o, List<Snapshot.Skb> segs, int h, Snapshot b) {
        byte[] all = bytes(o, b);
        int mss = 0;
        for (Snapshot.Skb s : segs) {
            mss = Math.max(mss, s.len() - h);
        }
        Map<Bytes, Integer> want = new HashMap<>();
        int payload = all.length - h;
        for (int k = 0; k < segs.size(); k++) {
            int from = h + k * mss;
            want.merge(Bytes.copyOf(all, Math.min(from, all.length), Math.min(from + mss, all.length)), 1,
                    Integer::sum);
        }
        if (payload > (long) mss * segs.size() || segs.size() > 1 && payload <= (long) mss * (segs.size() - 1)) {
            return null;
        }
        return want;
    }

    private static void checkOriginal(Snapshot.Skb o, Snapshot.Skb now, List<Snapshot.Skb> segs, Snapshot b,
                                      Snapshot a, BiConsumer<String, String> fail) {
        int h = headerLength(o, segs);
        Map<Long, Integer> newFragRefs = new HashMap<>();
        for (Snapshot.Skb s : segs) { // the bytes matched (matches): headers, then one piece of the payload each
            if (s.data() - s.head() != o.data() - o.head() || s.headKind() != HeadKind.KMALLOC || s.users() != 1
                    || !s.fragList().isEmpty() || s.len() - s.dataLen() != s.tail() - s.data()) {
                fail.accept("I-SEG-3", String.format("segment %x of skb %x: not a new head with headroom %d: %s",
                        s.handle(), o.handle(), o.data() - o.head(), s));
            }
            if (s.ext() != o.ext() || s.activeExt() != o.activeExt()) {
                fail.accept("I-SEG-3", String.format("segment %x does not share skb %x's extensions", s.handle(),
                        o.handle()));
            }
            int fragBytes = 0;
            for (Snapshot.Frag f : s.frags()) {
                newFragRefs.merge(f.page(), 1, Integer::sum);
                fragBytes += f.size();
                if (now.frags().stream().noneMatch(g -> g.page() == f.page() && g.offset() <= f.offset()
                        && f.offset() + f.size() <= g.offset() + g.size())) {
                    fail.accept("I-SEG-1", String.format("segment %x's frag %s is no piece of skb %x's frags %s",
                            s.handle(), f, o.handle(), now.frags()));
                }
            }
            if (fragBytes != s.dataLen()) {
                fail.accept("I-SEG-1", String.format("segment %x: frags hold %d bytes, data_len %d", s.handle(),
                        fragBytes, s.dataLen()));
            }
        }
        pages(o, now, newFragRefs, b, a, fail);
        zeroCopy(o, now, segs, h, b, a, fail);
        socket(o, now, segs, b, fail);
        if (o.ext() != 0) {
            Snapshot.Ext before = b.exts().get(o.ext());
            Snapshot.Ext after = a.exts().get(o.ext());
            if (after == null || after.refcnt() != before.refcnt() + segs.size()) {
                fail.accept("I-SEG-3", String.format("skb_ext %x: refcnt %d before, %s after %d segments", o.ext(),
                        before.refcnt(), after, segs.size()));
            }
        }
    }

    /** I-SEG-1: every page's count moved by the segments' new frags on it, and by the orphaning of the original's. */
    private static void pages(Snapshot.Skb o, Snapshot.Skb now, Map<Long, Integer> newFragRefs, Snapshot b,
                              Snapshot a, BiConsumer<String, String> fail) {
        Map<Long, Integer> change = new HashMap<>(newFragRefs);
        now.frags().forEach(f -> change.merge(f.page(), 1, Integer::sum));
        o.frags().forEach(f -> change.merge(f.page(), -1, Integer::sum));
        for (Map.Entry<Long, Integer> e : change.entrySet()) {
            Snapshot.Page was = b.pages().get(e.getKey());
            Snapshot.Page is = a.pages().get(e.getKey());
            int before = was == null ? 0 : was.refcount();
            int after = is == null ? 0 : is.refcount();
            if (after != before + e.getValue()) {
                fail.accept("I-SEG-1", String.format("page %x: refcount %d -> %d, the segments' frags account for "
                        + "%+d", e.getKey(), before, after, e.getValue()));
            }
        }
    }

    /** I-SEG-2: orphaned first unless DONT_ORPHAN; then every segment with payload holds a ubuf reference. */
    private static void zeroCopy(Snapshot.Skb o, Snapshot.Skb now, List<Snapshot.Skb> segs, int h, Snapshot b,
                                 Snapshot a, BiConsumer<String, String> fail) {
        boolean keep = o.zerocopy() && o.dontOrphan();
        if (o.zerocopy() && !keep && (now.zerocopy() || now.frags().stream().anyMatch(o.frags()::contains))) {
            fail.accept("I-SEG-2", String.format("skb %x's zero-copy frags were not orphaned: %s", o.handle(), now));
        }
        int refs = 0;
        for (Snapshot.Skb s : segs) {
            long expected = keep && s.len() > h ? o.ubuf() : 0; // a header-only segment takes none
            if (s.ubuf() != expected) {
                fail.accept("I-SEG-2", String.format("segment %x has ubuf %x; skb %x's is %x%s", s.handle(),
                        s.ubuf(), o.handle(), o.ubuf(), keep ? " (DONT_ORPHAN)" : " (orphaned or none)"));
            }
            refs += s.ubuf() != 0 ? 1 : 0;
        }
        if (keep) {
            Snapshot.Ubuf before = b.ubufs().get(o.ubuf());
            Snapshot.Ubuf after = a.ubufs().get(o.ubuf());
            if (after == null || after.refcount() != before.refcount() + refs) {
                fail.accept("I-SEG-2", String.format("ubuf %x: refcnt %d before, %s after %d segments took one",
                        o.ubuf(), before.refcount(), after, refs));
            }
        }
    }

    /** I-SEG-4: a sock_wfree owner's truesize, destructor and sk swap with the last segment's; nobody else owned. */
    private static void socket(Snapshot.Skb o, Snapshot.Skb now, List<Snapshot.Skb> segs, Snapshot b,
                               BiConsumer<String, String> fail) {
        List<Snapshot.Skb> owned = segs.stream().filter(s -> s.sk() != 0).toList();
        if (o.destructor() != SkbOps.SOCK_WFREE) {
            if (!owned.isEmpty() || now.destructor() != o.destructor() || now.sk() != o.sk()
                    || now.truesize() != o.truesize()) {
                fail.accept("I-SEG-4", String.format("skb %x not owned by sock_wfree: segments %s owned, original "
                        + "%s -> %s", o.handle(), hex(owned), o, now));
            }
            return;
        }
        if (owned.size() != 1 || now.sk() != 0 || now.destructor() != 0) {
            fail.accept("I-SEG-4", String.format("skb %x's sock_wfree charge did not move to exactly one segment: "
                    + "%s owned, original now %s", o.handle(), hex(owned), now));
            return;
        }
        Snapshot.Skb t = owned.get(0);
        if (t.sk() != o.sk() || t.destructor() != SkbOps.SOCK_WFREE || t.truesize() != o.truesize()) {
            fail.accept("I-SEG-4", String.format("segment %x took the charge as %s; skb %x had sk %x truesize %d",
                    t.handle(), t, o.handle(), o.sk(), o.truesize()));
        }
        int tail = Integer.MAX_VALUE;
        for (Snapshot.Skb s : segs) {
            tail = Math.min(tail, s.len());
        }
        if (segs.size() > 1 && t.len() != tail) { // the last segment is the shortest (or as long as any)
            fail.accept("I-SEG-4", String.format("segment %x (len %d) took the charge; the last is %d bytes",
                    t.handle(), t.len(), tail));
        }
    }

    /** skb_copy_bits of a snapshot skb with frags (no frag_list: segments never have one here). */
    private static byte[] bytes(Snapshot.Skb k, Snapshot s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(k.len());
        byte[] lin = k.linear().toArray();
        out.write(lin, 0, lin.length);
        for (Snapshot.Frag f : k.frags()) {
            Snapshot.Page p = s.pages().get(f.page());
            if (p == null) {
                return new byte[0];
            }
            out.write(p.bytes().toArray(), f.offset(), f.size());
        }
        return out.toByteArray();
    }

    private static List<String> hex(List<Snapshot.Skb> skbs) {
        return skbs.stream().map(k -> Long.toHexString(k.handle())).toList();
    }
}
