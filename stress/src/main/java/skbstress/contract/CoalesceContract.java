package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.Kernel;
import skbstress.api.Snapshot;
import skbstress.api.Snapshot.Frag;

/**
 * skb_try_coalesce with kfree_skb_partial (I-FRAG-5): the tailroom copy, the stolen page-fragment head, the
 * moved or referenced frags, every "false" that changes nothing, the truesize deltas (SKB_DATA_ALIGN(sizeof
 * (struct sk_buff)) = 256, SKB_TRUESIZE(x) = x + 576) and the refusals of misuse.
 */
public abstract class CoalesceContract extends ContractBase {

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /** An skb with no linear data and one frag of {@code size} bytes on a page of its own. */
    private long pagedSkb(int size, int seed) {
        long skb = ops.allocSkb(64, false);
        long page = ops.allocPage();
        ops.writePage(page, 0, bytes(size, seed));
        ops.addFrag(skb, page, 0, size);
        return skb;
    }

    /** Whether a coalesce answered false and changed nothing. */
    private void unchanged(long to, long from, String why) {
        Snapshot before = ops.snapshot();
        assertThat(ops.coalesce(to, from)).as("I-FRAG-5: %s", why).isFalse();
        assertThat(ops.snapshot()).as("I-FRAG-5: %s changes nothing", why).isEqualTo(before);
    }

    @Test
    void aFromThatFitsTheTailroomIsCopiedAndFreedWhole() {
        long to = ops.allocSkb(1500, false);
        ops.put(to, bytes(100, 1));
        long from = ops.allocSkb(100, false);
        ops.put(from, bytes(10, 2));
        long page = ops.allocPage();
        ops.writePage(page, 0, bytes(20, 3));
        ops.addFrag(from, page, 0, 20);
        byte[] expected = concat(ops.bytes(to).toArray(), ops.bytes(from).toArray());
        int truesize = v(to).truesize();
        assertThat(ops.coalesce(to, from)).as("I-FRAG-5: 30 bytes fit 1628 of tailroom").isTrue();
        assertThat(v(to).len()).as("I-FRAG-5: linear and paged bytes copied").isEqualTo(130);
        assertThat(v(to).dataLen()).as("I-FRAG-5: into the linear part").isZero();
        assertThat(v(to).frags()).isEmpty();
        assertThat(v(to).truesize()).as("I-FRAG-5: a copy changes no truesize").isEqualTo(truesize);
        assertThat(ops.bytes(to).toArray()).isEqualTo(expected);
        assertThat(ops.snapshot().pages()).as("I-FRAG-5: from's frag released with it").isEmpty();
        refused(ErrorCode.DOUBLE_FREE, () -> ops.free(from));
        ops.free(to);
    }

    @Test
    void headOfAnExclusivePageFragmentIsStolen() {
        long to = ops.allocSkb(0, false);
        long from = ops.devAllocSkb(1500);
        assertThat(v(from).headFrag()).isTrue();
        ops.put(from, bytes(1000, 4));
        long page = ops.allocPage();
        ops.writePage(page, 0, bytes(100, 5));
        ops.addFrag(from, page, 0, 100);
        long head = v(from).headOwner();
        assertThat(v(from).truesize()).as("dev_alloc_skb(1500): 2176, and the frag's 100").isEqualTo(2276);
        byte[] expected = ops.bytes(from).toArray();
        int truesize = v(to).truesize();
        assertThat(ops.coalesce(to, from)).isTrue();
        assertThat(v(to).frags()).as("I-FRAG-5: the head (after NET_SKB_PAD) becomes a frag, then from's frag")
                .containsExactly(new Frag(head, 64, 1000), new Frag(page, 0, 100));
        assertThat(v(to).len()).isEqualTo(1100);
        assertThat(v(to).dataLen()).as("I-FRAG-5: the stolen linear part is paged now").isEqualTo(1100);
        assertThat(v(to).truesize()).as("I-FRAG-5: + from's truesize - 256").isEqualTo(truesize + 2276 - 256);
        assertThat(ops.snapshot().pages().get(head).refcount()).as("I-FRAG-5: the head's page reference moved")
                .isEqualTo(1);
        assertThat(ops.snapshot().pages().get(page).refcount()).as("I-FRAG-5: the frag's moved").isEqualTo(1);
        assertThat(ops.bytes(to).toArray()).isEqualTo(expected);
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.view(from));
        ops.free(to);
    }

    @Test
    void aBuildSkbHeadIsStolen() {
        long page = ops.allocPage();
        ops.getPage(page);
        long from = ops.buildSkb(page, 0, 2048);
        assertThat(v(from).truesize()).as("end 1728 + 576").isEqualTo(2304);
        ops.put(from, bytes(500, 6));
        long to = ops.allocSkb(0, false);
        int truesize = v(to).truesize();
        assertThat(ops.coalesce(to, from)).isTrue();
        assertThat(v(to).frags()).as("I-FRAG-5").containsExactly(new Frag(page, 0, 500));
        assertThat(v(to).truesize()).as("I-FRAG-5: 2304 - 256").isEqualTo(truesize + 2048);
        assertThat(ops.snapshot().pages().get(page).refcount()).as("I-FRAG-5: the caller's and the frag's")
                .isEqualTo(2);
        ops.putPage(page);
        ops.free(to);
    }

    @Test
    void aKmallocHeadWithLinearDataIsNotStolen() {
        long to = ops.allocSkb(0, false);
        long from = ops.allocSkb(1500, false);
        ops.put(from, bytes(1000, 7));
        unchanged(to, from, "a kmalloc head is locked");
        ops.free(from);
        ops.free(to);
    }

    @Test
    void pagedFromMovesItsFragsAndFreesItsHead() {
        long to = ops.allocSkb(0, false);
        long from = pagedSkb(1000, 8);
        long page = v(from).frags().get(0).page();
        int truesize = v(to).truesize();
        int fromTruesize = v(from).truesize();
        assertThat(ops.coalesce(to, from)).isTrue();
        assertThat(v(to).frags()).as("I-FRAG-5").containsExactly(new Frag(page, 0, 1000));
        assertThat(v(to).truesize()).as("I-FRAG-5: + from's truesize - SKB_TRUESIZE(end)")
                .isEqualTo(truesize + fromTruesize - (fromTruesize - 1000));
        assertThat(ops.snapshot().pages().get(page).refcount()).as("I-FRAG-5: moved, not taken").isEqualTo(1);
        ops.free(to);
    }

    @Test
    void clonedFromKeepsItsFragsAndToReferencesThem() {
        long to = ops.allocSkb(0, false);
        long from = pagedSkb(1000, 9);
        long p2 = ops.allocPage();
        ops.addFrag(from, p2, 0, 500);
        long clone = ops.clone(from);
        long p1 = v(from).frags().get(0).page();
        int truesize = v(to).truesize();
        assertThat(ops.coalesce(to, from)).isTrue();
        assertThat(v(to).frags()).as("I-FRAG-5").containsExactly(new Frag(p1, 0, 1000), new Frag(p2, 0, 500));
        assertThat(v(clone).frags()).as("I-FRAG-5: the clone keeps them").hasSize(2);
        assertThat(v(to).truesize()).as("I-FRAG-5: the frags' 1500").isEqualTo(truesize + 1500);
        assertThat(ops.snapshot().pages().get(p1).refcount()).as("I-FRAG-5: referenced once more").isEqualTo(2);
        assertThat(ops.snapshot().pages().get(p2).refcount()).isEqualTo(2);
        ops.free(clone);
        assertThat(ops.snapshot().pages().get(p1).refcount()).as("I-FRAG-5: from's data released once")
                .isEqualTo(1);
        ops.free(to);
    }

    @Test
    void aClonedHeadIsLocked() {
        long to = ops.allocSkb(0, false);
        long from = ops.devAllocSkb(1500);
        ops.put(from, bytes(1000, 10));
        long clone = ops.clone(from);
        unchanged(to, from, "a cloned head is locked");
        ops.free(clone);
        long cloned = ops.clone(to);
        unchanged(to, from, "a cloned to");
        ops.free(cloned);
        assertThat(ops.coalesce(to, from)).as("I-FRAG-5: exclusive again").isTrue();
        ops.free(to);
    }

    @Test
    void fragLimitsCountAStolenHeadAsOneMore() {
        long to = ops.allocSkb(0, false);
        long page = ops.allocPage();
        for (int k = 0; k < Kernel.MAX_SKB_FRAGS - 1; k++) {
            ops.getPage(page);
            ops.addFrag(to, page, 64 * k, 64);
        }
        ops.putPage(page);
        long withHead = ops.devAllocSkb(1500);
        ops.put(withHead, bytes(100, 11));
        long p2 = ops.allocPage();
        ops.addFrag(withHead, p2, 0, 10);
        unchanged(to, withHead, "16 + 1 frags and a head would pass MAX_SKB_FRAGS");
        long paged = pagedSkb(100, 12);
        assertThat(ops.coalesce(to, paged)).as("I-FRAG-5: 16 + 1 frags fit").isTrue();
        assertThat(v(to).frags()).hasSize(Kernel.MAX_SKB_FRAGS);
        long more = pagedSkb(100, 13);
        unchanged(to, more, "17 + 1 frags");
        ops.free(more);
        ops.free(withHead);
        ops.free(to);
    }

    @Test
    void fragListsAndZeroCopyAnswerFalse() {
        long to = ops.allocSkb(0, false);
        long parent = ops.allocSkb(0, false);
        long member = ops.allocSkb(1500, false);
        ops.put(member, bytes(1000, 14));
        ops.addFragList(parent, member);
        unchanged(to, parent, "from has a frag_list");
        long paged = pagedSkb(100, 15);
        unchanged(parent, paged, "to has a frag_list");
        ops.free(paged);
        long sock = ops.createZerocopySocket();
        long ubuf = ops.ubufAlloc(sock, false);
        long zskb = ops.allocSkb(64, false);
        ops.zerocopyAttach(zskb, ubuf, ops.allocPage(), 0, 1000);
        ops.ubufPut(ubuf);
        unchanged(to, zskb, "from has zero-copy frags");
        ops.free(zskb);
        ops.readErrorQueue(sock);
        ops.free(parent);
        ops.free(to);
    }

    @Test
    void misuseIsRefusedByName() {
        long a = ops.devAllocSkb(1500);
        ops.put(a, bytes(1000, 16));
        long to = ops.allocSkb(0, false);
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.coalesce(a, a));
        ops.get(a);
        refused(ErrorCode.SHARED_EXPAND, () -> ops.coalesce(to, a));
        ops.free(a);
        long parent = ops.allocSkb(0, false);
        long member = ops.allocSkb(100, false);
        ops.addFragList(parent, member);
        refused(ErrorCode.FREE_IN_USE, () -> ops.coalesce(to, member));
        long listed = ops.allocSkb(100, false);
        ops.get(listed);
        ops.addFragList(parent, listed);
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.coalesce(listed, a));
        ops.free(listed);
        long sock = ops.createZerocopySocket();
        ops.setOwnerR(to, sock);
        refused(ErrorCode.TRUESIZE_CHARGED, () -> ops.coalesce(to, a));
        long small = ops.allocSkb(100, false);
        ops.put(small, bytes(10, 17));
        assertThat(ops.coalesce(to, small)).as("I-SOCK-2: a copy keeps the charged truesize").isTrue();
        ops.orphan(to);
        long nonlinear = pagedSkb(100, 18);
        long empty = ops.allocSkb(100, false);
        refused(ErrorCode.NONLINEAR, () -> ops.coalesce(nonlinear, empty));
        ops.free(empty);
        ops.free(nonlinear);
        ops.free(parent);
        long gone = ops.allocSkb(100, false);
        ops.free(gone);
        refused(ErrorCode.DOUBLE_FREE, () -> ops.coalesce(to, gone));
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.coalesce(gone, a));
        ops.free(a);
        ops.free(to);
    }

    @Test
    void everyFalseLeavesFromToItsCaller() {
        long to = ops.allocSkb(0, false);
        long from = ops.allocSkb(1500, false);
        ops.put(from, bytes(1000, 19));
        unchanged(to, from, "a kmalloc head");
        assertThat(v(from).users()).as("I-FRAG-5: still the caller's").isEqualTo(1);
        assertThat(List.of(ops.free(from), ops.free(to))).containsExactly(true, true);
    }
}
