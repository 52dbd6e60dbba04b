package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skbstress.api.Bytes;
import skbstress.api.ErrorCode;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.Snapshot;

/** Pages, frags, frag_list, copies, expand and cow: I-FRAG-1..3, I-DATA-6, I-GEOM-2. */
public abstract class FragsContract extends ContractBase {

    private int refcount(long page) {
        return ops.snapshot().pages().get(page).refcount();
    }

    /** An skb with 20 linear bytes and two frags of pages the caller keeps its own references on. */
    private long[] skbWithFrags() {
        long skb = ops.allocSkb(128, false);
        ops.put(skb, bytes(20, 1));
        long p1 = ops.allocPage();
        long p2 = ops.allocPage();
        ops.writePage(p1, 100, bytes(50, 2));
        ops.writePage(p2, 0, bytes(30, 3));
        ops.getPage(p1);
        ops.getPage(p2);
        ops.addFrag(skb, p1, 100, 50);
        ops.addFrag(skb, p2, 0, 30);
        return new long[] {skb, p1, p2};
    }

    private static Bytes concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return Bytes.copyOf(out.toByteArray());
    }

    @Test
    void aFragTakesOverTheCallersPageReference() {
        long skb = ops.allocSkb(128, false);
        long page = ops.allocPage();
        ops.addFrag(skb, page, 0, 100);
        assertThat(refcount(page)).isEqualTo(1);
        assertThat(v(skb).frags()).containsExactly(new Snapshot.Frag(page, 0, 100));
        assertThat(v(skb).truesize()).isEqualTo(Kernel.skbTruesize(384) + 100);
        assertThat(refused(ErrorCode.FREE_IN_USE, () -> ops.putPage(page)).invariant()).isEqualTo("I-FRAG-1");
        ops.free(skb);
        assertThat(ops.snapshot().pages()).isEmpty();
        refused(ErrorCode.DOUBLE_FREE, () -> ops.putPage(page));
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.getPage(page));
    }

    @Test
    void bytesReadLinearThenFragsThenFragList() {
        long[] s = skbWithFrags();
        long member = ops.allocSkb(64, false);
        ops.put(member, bytes(7, 9));
        ops.addFragList(s[0], member);
        assertThat(v(s[0]).len()).isEqualTo(20 + 50 + 30 + 7);
        assertThat(ops.bytes(s[0])).isEqualTo(concat(bytes(20, 1), bytes(50, 2), bytes(30, 3), bytes(7, 9)));
        ops.free(s[0]);
        ops.putPage(s[1]);
        ops.putPage(s[2]);
    }

    @Test
    void aCloneSharesFragsWithoutNewPageReferences() {
        long[] s = skbWithFrags();
        long clone = ops.clone(s[0]);
        assertThat(refcount(s[1])).isEqualTo(2);
        assertThat(v(clone).frags()).isEqualTo(v(s[0]).frags());
        ops.free(s[0]);
        assertThat(refcount(s[1])).as("the shared info still holds it").isEqualTo(2);
        ops.free(clone);
        assertThat(refcount(s[1])).isEqualTo(1);
        ops.putPage(s[1]);
        ops.putPage(s[2]);
    }

    @Test
    void pskbCopyTakesOneReferencePerFragAndPerMember() {
        long[] s = skbWithFrags();
        long member = ops.allocSkb(64, false);
        ops.addFragList(s[0], member);
        long copy = ops.pskbCopy(s[0]);
        assertThat(v(copy).shinfo()).isNotEqualTo(v(s[0]).shinfo());
        assertThat(refcount(s[1])).isEqualTo(3);
        assertThat(refcount(s[2])).isEqualTo(3);
        assertThat(v(member).users()).isEqualTo(2);
        assertThat(v(copy).frags()).isEqualTo(v(s[0]).frags());
        assertThat(ops.bytes(copy)).isEqualTo(ops.bytes(s[0]));
        assertThat(v(copy).data() - v(copy).head()).isEqualTo(v(s[0]).data() - v(s[0]).head());
        ops.free(s[0]);
        assertThat(v(member).users()).isEqualTo(1);
        ops.free(copy);
        ops.putPage(s[1]);
        ops.putPage(s[2]);
    }

    @Test
    void skbCopyLinearisesEverything() {
        long[] s = skbWithFrags();
        long copy = ops.copy(s[0]);
        assertThat(v(copy).frags()).isEmpty();
        assertThat(v(copy).dataLen()).isZero();
        assertThat(v(copy).len()).isEqualTo(100);
        assertThat(ops.linearBytes(copy)).isEqualTo(ops.bytes(s[0]));
        assertThat(refcount(s[1])).as("no page reference taken").isEqualTo(2);
        ops.free(copy);
        ops.free(s[0]);
        ops.putPage(s[1]);
        ops.putPage(s[2]);
    }

    @Test
    void expandingAnExclusiveHeadMovesTheReferences() {
        long[] s = skbWithFrags();
        long before = v(s[0]).shinfo();
        Bytes linear = ops.linearBytes(s[0]);
        ops.expandHead(s[0], 64, 32);
        Snapshot.Skb after = v(s[0]);
        assertThat(after.shinfo()).isNotEqualTo(before);
        assertThat(after.data() - after.head()).isEqualTo(64);
        assertThat(after.end()).as("I-GEOM-5: kmalloc_reserve(64 + 384 + 32) takes kmalloc-1024").isEqualTo(704);
        assertThat(after.headKind()).isEqualTo(HeadKind.KMALLOC);
        assertThat(ops.linearBytes(s[0])).isEqualTo(linear);
        assertThat(refcount(s[1])).as("moved, not duplicated").isEqualTo(2);
        ops.free(s[0]);
        ops.putPage(s[1]);
        ops.putPage(s[2]);
    }

    @Test
    void expandingACloneDuplicatesThenReleasesTheOldReferencesOnce() {
        long[] s = skbWithFrags();
        long member = ops.allocSkb(64, false);
        ops.addFragList(s[0], member);
        long clone = ops.clone(s[0]);
        ops.expandHead(clone, 0, 0);
        assertThat(v(clone).shinfo()).isNotEqualTo(v(s[0]).shinfo());
        assertThat(v(clone).dataref()).isEqualTo(1);
        assertThat(v(clone).cloned()).isFalse();
        assertThat(v(s[0]).dataref()).isEqualTo(1);
        assertThat(refcount(s[1])).isEqualTo(3);
        assertThat(v(member).users()).isEqualTo(2);
        ops.free(s[0]);
        assertThat(refcount(s[1])).isEqualTo(2);
        ops.free(clone);
        ops.putPage(s[1]);
        ops.putPage(s[2]);
    }

    @Test
    void onlyTheSoleOwnerMayExpand() {
        long skb = ops.allocSkb(100, false);
        ops.get(skb);
        assertThat(refused(ErrorCode.SHARED_EXPAND, () -> ops.expandHead(skb, 16, 0)).invariant())
                .isEqualTo("I-DATA-6");
        refused(ErrorCode.SHARED_EXPAND, () -> ops.cow(skb, 1000));
        ops.free(skb);
        ops.free(skb);
        reset(new skbstress.api.SkbConfig(1, 0, 0, 0));
        long only = ops.allocSkb(100, false);
        ops.expandHead(only, 64, 0);
        assertThat(v(only).data() - v(only).head()).as("no struct needed, even with the head cache full").isEqualTo(64);
        ops.get(only);
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.expandHead(only, -1, 0));
        ops.free(only);
        ops.free(only);
    }

    @Test
    void cowUnclonesAndCowHeadOnlyWhenHeadersAreShared() {
        long orig = ops.allocSkb(500, false);
        ops.reserve(orig, 128);
        ops.put(orig, bytes(100, 1));
        ops.headerRelease(orig);
        long clone = ops.clone(orig);
        long shinfo = v(clone).shinfo();
        ops.cowHead(clone, 64);
        assertThat(v(clone).shinfo()).as("headers are the clone's own: nothing to do").isEqualTo(shinfo);
        ops.cow(clone, 64);
        assertThat(v(clone).shinfo()).as("payload shared: skb_cow makes a private head").isNotEqualTo(shinfo);
        assertThat(ops.cloned(clone)).isFalse();
        long again = v(clone).shinfo();
        ops.cow(clone, 64);
        assertThat(v(clone).shinfo()).as("private and roomy enough").isEqualTo(again);
        ops.cow(clone, 300);
        assertThat(v(clone).data() - v(clone).head()).as("grown by ALIGN(delta, NET_SKB_PAD)")
                .isEqualTo(128 + Kernel.align(300 - 128, ops.profile().netSkbPad()));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.cow(clone, -1));
        ops.free(orig);
        ops.free(clone);
    }

    @Test
    void fragLimitsAreEnforced() {
        long skb = ops.allocSkb(100, false);
        long page = ops.allocPage();
        refused(ErrorCode.FRAG_RANGE, () -> ops.addFrag(skb, page, 4000, 200));
        refused(ErrorCode.FRAG_RANGE, () -> ops.addFrag(skb, page, 0, 0));
        refused(ErrorCode.FRAG_RANGE, () -> ops.addFrag(skb, page, -1, 10));
        for (int i = 0; i < Kernel.MAX_SKB_FRAGS; i++) {
            ops.getPage(page);
            ops.addFrag(skb, page, i * 10, 10);
        }
        assertThat(refused(ErrorCode.TOO_MANY_FRAGS, () -> ops.addFrag(skb, page, 0, 10)).getMessage())
                .contains("17");
        ops.free(skb);
        assertThat(refcount(page)).isEqualTo(1);
        ops.putPage(page);
    }

    @Test
    void theSharedInfoOfClonedDataIsNotEdited() {
        long skb = ops.allocSkb(100, false);
        long clone = ops.clone(skb);
        long page = ops.allocPage();
        long member = ops.allocSkb(10, false);
        refused(ErrorCode.WRITE_CLONED, () -> ops.addFrag(skb, page, 0, 10));
        refused(ErrorCode.WRITE_CLONED, () -> ops.addFragList(clone, member));
        ops.free(clone);
        ops.addFrag(skb, page, 0, 10);
        ops.addFragList(skb, member);
        ops.free(skb);
    }

    @Test
    void aFragListMemberBelongsToItsList() {
        long parent = ops.allocSkb(100, false);
        long member = ops.allocSkb(100, false);
        ops.put(member, bytes(10, 1));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.addFragList(parent, parent));
        ops.addFragList(parent, member);
        assertThat(refused(ErrorCode.FREE_IN_USE, () -> ops.free(member)).invariant()).isEqualTo("I-FRAG-2");
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.addFragList(member, parent));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.put(member, bytes(1, 1)));
        long other = ops.allocSkb(10, false);
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, () -> ops.addFragList(other, member)).getMessage())
                .contains("one chain");
        ops.free(other);
        ops.get(member);
        ops.free(member);
        ops.free(parent);
        assertThat(ops.snapshot().skbs()).isEmpty();
    }
}
