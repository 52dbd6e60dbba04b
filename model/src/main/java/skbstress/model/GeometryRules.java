package skbstress.model;

import java.util.List;
import java.util.Set;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.KernelProfile;
import skbstress.api.Snapshot;

/**
 * The rules of {@code specs/geometry.md}: I-GEOM-1 ({@code head <= data <= tail <= end}), I-GEOM-2 ({@code len}
 * and {@code data_len} add up), I-GEOM-3 ({@code 0 <= data_len <= len}), I-GEOM-4 (the shared info at
 * {@code end} fits the buffer, and {@code end - head} changes only with a new head), I-GEOM-5 (the profile's
 * head sizes and truesize), I-GEOM-6 (dev_alloc_skb's page-fragment heads where the profile says), I-GEOM-7
 * (skb_linearize leaves nothing paged), I-GEOM-8 (a partial pull only makes paged bytes linear or drops them off the
 * front), I-GEOM-9 (pskb_trim only shortens, and condenses an unowned skb's truesize).
 */
final class GeometryRules extends Rules {
    /** The kernel whose geometry the checked instance follows (I-GEOM-5, I-GEOM-6). */
    private final KernelProfile profile;

    GeometryRules(List<String> violations, KernelProfile profile) {
        super(violations);
        this.profile = profile;
    }

    /** The step's checks, in the order their violations are reported. */
    void check(String op, SnapshotView b, SnapshotView a) {
        geometry(b, a);
        headSizes(op, b, a);
        if (op.equals("linearize")) {
            linearized(b, a);
        }
        if (op.equals("pskbMayPull") || op.equals("pskbPull")) {
            pulled(b, a);
        }
        if (op.equals("pskbTrim")) {
            trimmed(b, a);
        }
    }

    /** Whether every frag_list member left is empty (the kernel's pull stops at the last byte, before them). */
    private static boolean emptyMembersOnly(SnapshotView a, Snapshot.Skb k) {
        for (long m : k.fragList()) {
            Snapshot.Skb member = a.s.skbs().get(m);
            if (member == null || member.len() != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * I-GEOM-8: a partial pull leaves every skb it changed with no more paged bytes and no more frags than before,
     * and its linear part never shorter unless its len went down by at least as much (bytes pulled off the front).
     */
    private void pulled(SnapshotView b, SnapshotView a) {
        for (Snapshot.Skb k : a.s.skbs().values()) {
            Snapshot.Skb old = b.s.skbs().get(k.handle());
            if (old == null) {
                continue;
            }
            int linear = k.tail() - k.data();
            int wasLinear = old.tail() - old.data();
            if (k.dataLen() > old.dataLen() || k.frags().size() > old.frags().size()
                    || linear < wasLinear && old.len() - k.len() < wasLinear - linear || k.len() > old.len()) {
                fail("I-GEOM-8", "a pull left skb %x with len %d (was %d), data_len %d (was %d), linear %d (was %d), "
                        + "%d frags (was %d)", k.handle(), k.len(), old.len(), k.dataLen(), old.dataLen(), linear,
                        wasLinear, k.frags().size(), old.frags().size());
            }
        }
    }

    /**
     * I-GEOM-9: pskb_trim leaves every skb it changed no longer, with no more paged bytes or frags; one that lost its
     * paged bytes with no socket charged for it has been condensed to the profile's truesize for its head.
     */
    private void trimmed(SnapshotView b, SnapshotView a) {
        for (Snapshot.Skb k : a.s.skbs().values()) {
            Snapshot.Skb old = b.s.skbs().get(k.handle());
            if (old == null) {
                continue;
            }
            if (k.len() > old.len() || k.dataLen() > old.dataLen() || k.frags().size() > old.frags().size()) {
                fail("I-GEOM-9", "pskb_trim left skb %x with len %d (was %d), data_len %d (was %d), %d frags (was %d)",
                        k.handle(), k.len(), old.len(), k.dataLen(), old.dataLen(), k.frags().size(),
                        old.frags().size());
            }
            if (old.dataLen() != 0 && k.dataLen() == 0 && k.sk() == 0
                    && k.truesize() != profile.truesize(k.end() - k.head())) {
                fail("I-GEOM-9", "pskb_trim made skb %x linear without condensing: truesize %d, where %s charges %d "
                        + "for end - head %d", k.handle(), k.truesize(), profile.kernel(),
                        profile.truesize(k.end() - k.head()), k.end() - k.head());
            }
        }
    }

    /** I-GEOM-7: skb_linearize leaves the skb it changed with all its len bytes linear, and nothing paged. */
    private void linearized(SnapshotView b, SnapshotView a) {
        for (Snapshot.Skb k : a.s.skbs().values()) {
            Snapshot.Skb old = b.s.skbs().get(k.handle());
            if (old != null && old.dataLen() != k.dataLen() && (k.dataLen() != 0 || !k.frags().isEmpty()
                    || !emptyMembersOnly(a, k) || k.len() != old.len())) {
                fail("I-GEOM-7", "skb_linearize left skb %x with len %d (was %d), data_len %d, %d frags, %d in its "
                        + "frag_list", k.handle(), k.len(), old.len(), k.dataLen(), k.frags().size(),
                        k.fragList().size());
            }
        }
    }

    private void geometry(SnapshotView b, SnapshotView a) {
        for (Snapshot.Skb k : a.s.skbs().values()) {
            if (!(k.head() <= k.data() && k.data() <= k.tail() && k.tail() <= k.end())) {
                fail("I-GEOM-1", "skb %x head/data/tail/end %d/%d/%d/%d", k.handle(), k.head(), k.data(), k.tail(),
                        k.end());
            }
            int paged = 0;
            for (Snapshot.Frag f : k.frags()) {
                paged += f.size();
            }
            for (long m : k.fragList()) {
                Snapshot.Skb member = a.s.skbs().get(m);
                paged += member == null ? 0 : member.len();
            }
            if (k.len() != (k.tail() - k.data()) + k.dataLen() || k.dataLen() != paged) {
                fail("I-GEOM-2", "skb %x len %d, linear %d, data_len %d, frags+frag_list %d", k.handle(), k.len(),
                        k.tail() - k.data(), k.dataLen(), paged);
            }
            if (k.dataLen() < 0 || k.dataLen() > k.len()) {
                fail("I-GEOM-3", "skb %x data_len %d outside [0, len %d]", k.handle(), k.dataLen(), k.len());
            }
            int shinfoRoom = k.headKind() == HeadKind.DRIVER_SLICE ? 0 : Kernel.skbDataAlign(Kernel.SHINFO_SIZE);
            if (k.end() + shinfoRoom > k.bufferSize()) {
                fail("I-GEOM-4", "skb %x end %d + shared info %d exceeds its %d-byte buffer", k.handle(), k.end(),
                        shinfoRoom, k.bufferSize());
            }
            Snapshot.Skb old = b.s.skbs().get(k.handle());
            if (old != null && old.shinfo() == k.shinfo() && old.end() - old.head() != k.end() - k.head()) {
                fail("I-GEOM-4", "skb %x end - head changed from %d to %d without a new head", k.handle(),
                        old.end() - old.head(), k.end() - k.head());
            }
        }
    }

    /** Constructors that make an skb with a head of its own, with no data yet (I-GEOM-5). */
    private static final Set<String> NEW_HEAD_OPS = Set.of("allocSkb", "devAllocSkb", "devAllocSkbIpAlign",
            "allocSkbFromCache", "buildSkb", "napiAllocSkb");

    /**
     * I-GEOM-5: in the named kernel a kmalloc head uses its whole object (end = object - shared info), and a new
     * skb's truesize is the profile's for its end. I-GEOM-6: dev_alloc_skb's head is a page fragment exactly where
     * the profile says, and then the head owns the page's only reference.
     */
    private void headSizes(String op, SnapshotView b, SnapshotView a) {
        for (Snapshot.Skb k : a.s.skbs().values()) {
            int size = k.end() - k.head();
            int shinfoRoom = Kernel.skbDataAlign(Kernel.SHINFO_SIZE);
            if (profile == KernelProfile.LINUX_6_12 && k.headKind() == HeadKind.KMALLOC
                    && size + shinfoRoom != k.bufferSize()) {
                fail("I-GEOM-5", "skb %x end - head %d: its %d-byte head keeps %d bytes of slack out of the data area",
                        k.handle(), size, k.bufferSize(), k.bufferSize() - shinfoRoom - size);
            }
            if (b.s == a.s || b.s.skbs().containsKey(k.handle()) || !NEW_HEAD_OPS.contains(op)) {
                continue;
            }
            if (k.truesize() != profile.truesize(size)) {
                fail("I-GEOM-5", "new skb %x truesize %d, where %s charges %d for end - head %d", k.handle(),
                        k.truesize(), profile.kernel(), profile.truesize(size), size);
            }
            if (op.startsWith("devAllocSkb")) {
                boolean frag = k.headKind() == HeadKind.PAGE_FRAG;
                Snapshot.Page page = frag ? a.s.pages().get(k.headOwner()) : null;
                // a page-fragment head has end = SKB_DATA_ALIGN(len + pad) in (384, 3776]; a kmalloc one lies outside
                if (frag != profile.devAllocPageFrag(size) || page != null && a.callerPageRefs(page) != 0) {
                    fail("I-GEOM-6", "dev_alloc_skb made skb %x with a %s head (end - head %d%s) in %s", k.handle(),
                            k.headKind(), size, page == null ? "" : ", caller page references "
                                    + a.callerPageRefs(page), profile.kernel());
                }
            }
        }
    }
}
