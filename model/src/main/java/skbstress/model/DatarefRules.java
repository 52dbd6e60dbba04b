package skbstress.model;

import java.util.List;
import java.util.Map;
import java.util.Set;
import skbstress.api.DatarefWord;
import skbstress.api.HeadKind;
import skbstress.api.Snapshot;

/**
 * The rules of {@code specs/dataref.md}: I-DATA-1 (an skb not cloned is its data's only user), I-DATA-2
 * ({@code dataref} counts the sharers, nohdr ones in both halves), I-DATA-3 (what shared data points at is
 * still alive), I-DATA-4 (a shared info in use has a reference), I-DATA-5 (bytes never change under an skb
 * that did not write them), I-DATA-6 (an expanded head is the skb's own, with its bytes kept).
 */
final class DatarefRules extends Rules {
    /** Operations that write memory in place (not through an skb): they may change skb bytes. */
    private static final Set<String> RAW_WRITES = Set.of("writeObject", "writeDriverBuffer", "writePage");

    DatarefRules(List<String> violations) {
        super(violations);
    }

    void check(String op, SnapshotView b, SnapshotView a) {
        for (Map.Entry<Long, List<Snapshot.Skb>> e : a.sharers.entrySet()) {
            List<Snapshot.Skb> group = e.getValue();
            int word = group.get(0).dataref();
            int nohdr = 0;
            for (Snapshot.Skb k : group) {
                nohdr += k.nohdr() ? 1 : 0;
                if (k.dataref() != word) {
                    fail("I-DATA-2", "sharers of shinfo %x disagree on dataref", e.getKey());
                }
                if (!k.cloned() && (group.size() != 1 || (word != DatarefWord.ONE && word != DatarefWord.NOHDR_BIAS))) {
                    fail("I-DATA-1", "skb %x not cloned but dataref %s with %d sharer(s)", k.handle(),
                            DatarefWord.describe(word), group.size());
                }
            }
            if (DatarefWord.all(word) != group.size() || DatarefWord.payloadOnly(word) != nohdr) {
                fail("I-DATA-2", "shinfo %x dataref %s but %d sharer(s), %d nohdr", e.getKey(),
                        DatarefWord.describe(word), group.size(), nohdr);
            }
            if (DatarefWord.all(word) < 1) {
                fail("I-DATA-4", "shinfo %x in use with dataref %s", e.getKey(), DatarefWord.describe(word));
            }
            Snapshot.Skb k = group.get(0);
            for (Snapshot.Frag f : k.frags()) {
                if (!a.s.pages().containsKey(f.page())) {
                    fail("I-DATA-3", "shinfo %x frag page %x already freed", e.getKey(), f.page());
                }
            }
            for (long m : k.fragList()) {
                if (!a.s.skbs().containsKey(m)) {
                    fail("I-DATA-3", "shinfo %x frag_list member %x already freed", e.getKey(), m);
                }
            }
            if (k.ubuf() != 0 && !a.s.ubufs().containsKey(k.ubuf())) {
                fail("I-DATA-3", "shinfo %x ubuf %x already completed", e.getKey(), k.ubuf());
            }
            if ((k.headKind() == HeadKind.PAGE_FRAG && !a.s.pages().containsKey(k.headOwner()))
                    || (k.headKind() == HeadKind.DRIVER_SLICE && !a.s.driverBuffers().containsKey(k.headOwner()))) {
                fail("I-DATA-3", "shinfo %x head %s %x already released", e.getKey(), k.headKind(), k.headOwner());
            }
        }
        boolean rawWrite = RAW_WRITES.contains(op);
        boolean expand = op.equals("expandHead") || op.equals("cow") || op.equals("cowHead");
        for (Snapshot.Skb k : a.s.skbs().values()) {
            Snapshot.Skb old = b.s.skbs().get(k.handle());
            if (old == null) {
                continue;
            }
            boolean sameGeometry = old.shinfo() == k.shinfo() && old.data() == k.data() && old.tail() == k.tail();
            if (!rawWrite && sameGeometry && !old.linear().equals(k.linear())) {
                fail("I-DATA-5", "bytes of skb %x changed under it: %s -> %s", k.handle(), old.linear(), k.linear());
            }
            if (expand && old.shinfo() != k.shinfo()) {
                if (k.dataref() != DatarefWord.ONE || k.cloned() || k.nohdr() || k.hdrLen() != 0
                        || !old.linear().equals(k.linear())) {
                    fail("I-DATA-6", "expanded skb %x: dataref %s cloned %b nohdr %b hdr_len %d, bytes kept %b",
                            k.handle(), DatarefWord.describe(k.dataref()), k.cloned(), k.nohdr(), k.hdrLen(),
                            old.linear().equals(k.linear()));
                }
            }
        }
    }
}
