package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skbstress.api.Bytes;
import skbstress.api.ErrorCode;
import skbstress.api.Snapshot;

/** skb_linearize: all paged bytes made linear, their references dropped (I-GEOM-7). */
public abstract class LinearizeContract extends ContractBase {

    private int refcount(long page) {
        Snapshot.Page p = ops.snapshot().pages().get(page);
        return p == null ? 0 : p.refcount();
    }

    /** An skb with 20 linear bytes and two frags of 100 and 50 bytes on one page (pattern 1..). */
    private long[] paged() {
        long skb = ops.allocSkb(100, false);
        ops.put(skb, bytes(20, 1));
        long page = ops.allocPage();
        ops.writePage(page, 0, bytes(200, 7));
        ops.getPage(page);
        ops.getPage(page); // one for each frag, and the caller keeps one
        ops.addFrag(skb, page, 0, 100);
        ops.addFrag(skb, page, 100, 50);
        return new long[] {skb, page};
    }

    @Test
    void linearizingCopiesThePagedBytesAndDropsTheirReferences() {
        long[] s = paged();
        long skb = s[0];
        Bytes all = ops.bytes(skb);
        int truesize = v(skb).truesize();
        assertThat(refcount(s[1])).isEqualTo(3);
        ops.linearize(skb);
        assertThat(v(skb).dataLen()).as("I-GEOM-7").isZero();
        assertThat(v(skb).frags()).as("I-GEOM-7").isEmpty();
        assertThat(v(skb).len()).as("I-GEOM-7: nothing lost").isEqualTo(170);
        assertThat(ops.linearBytes(skb)).as("I-GEOM-7: in order").isEqualTo(all);
        assertThat(v(skb).end()).as("170 bytes fit the 384 of the small head: no new head").isEqualTo(384);
        assertThat(v(skb).truesize()).as("I-GEOM-7: truesize does not shrink").isEqualTo(truesize);
        assertThat(refcount(s[1])).as("I-GEOM-7: both frag references dropped").isEqualTo(1);
        ops.linearize(skb);
        assertThat(ops.linearBytes(skb)).as("a linear skb is left alone").isEqualTo(all);
        ops.putPage(s[1]);
        ops.free(skb);
    }

    @Test
    void aHeadShortOfRoomIsReplacedWith128BytesToSpare() {
        long skb = ops.allocSkb(100, false);
        ops.put(skb, bytes(300, 1));
        long page = ops.allocPage();
        ops.writePage(page, 0, bytes(1000, 3));
        ops.addFrag(skb, page, 0, 1000);
        Bytes all = ops.bytes(skb);
        long shinfo = v(skb).shinfo();
        ops.linearize(skb);
        assertThat(v(skb).shinfo()).as("I-GEOM-7: tail 300 + 1000 > end 384: a new head").isNotEqualTo(shinfo);
        assertThat(v(skb).end()).as("I-GEOM-5: kmalloc_reserve(384 + 916 + 128) takes kmalloc-2048").isEqualTo(1728);
        assertThat(ops.linearBytes(skb)).isEqualTo(all);
        assertThat(ops.snapshot().pages()).as("I-GEOM-7: the frag's page went with its last reference").isEmpty();
        ops.free(skb);
    }

    @Test
    void aClonedSkbIsCopiedFirstSoItsCloneKeepsItsFrags() {
        long[] s = paged();
        long skb = s[0];
        long clone = ops.clone(skb);
        Bytes all = ops.bytes(skb);
        ops.linearize(skb);
        assertThat(v(skb).shinfo()).as("I-GEOM-7: a cloned head is made private first").isNotEqualTo(v(clone).shinfo());
        assertThat(ops.linearBytes(skb)).isEqualTo(all);
        assertThat(v(clone).frags()).as("the clone's data is untouched").hasSize(2);
        assertThat(ops.bytes(clone)).isEqualTo(all);
        assertThat(v(clone).dataref()).as("I-DATA-3: the copy gave back its data reference").isEqualTo(1);
        assertThat(refcount(s[1])).as("I-GEOM-7: only the clone's two references remain, and the caller's")
                .isEqualTo(3);
        ops.free(clone);
        assertThat(refcount(s[1])).isEqualTo(1);
        ops.putPage(s[1]);
        ops.free(skb);
    }

    @Test
    void frag_listMembersAreConsumed() {
        long skb = ops.allocSkb(100, false);
        ops.put(skb, bytes(10, 1));
        long kept = ops.allocSkb(64, false);
        ops.put(kept, bytes(30, 2));
        long dropped = ops.allocSkb(64, false);
        ops.put(dropped, bytes(40, 3));
        ops.get(kept); // the caller keeps one of its own
        ops.addFragList(skb, kept);
        ops.addFragList(skb, dropped);
        Bytes all = ops.bytes(skb);
        ops.linearize(skb);
        assertThat(v(skb).fragList()).as("I-GEOM-7").isEmpty();
        assertThat(ops.linearBytes(skb)).isEqualTo(all);
        assertThat(ops.snapshot().skbs()).as("I-GEOM-7: a member whose last reference was the list is freed")
                .doesNotContainKey(dropped);
        assertThat(v(kept).users()).as("I-GEOM-7: consume_skb dropped the list's reference only").isEqualTo(1);
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.linearize(dropped));
        ops.free(kept);
        ops.free(skb);
    }

    @Test
    void aZeroCopySkbIsReportedCopied() {
        long sock = ops.createZerocopySocket();
        long ubuf = ops.ubufAlloc(sock, true);
        long skb = ops.allocSkb(100, false);
        long page = ops.allocPage();
        ops.zerocopyAttach(skb, ubuf, page, 0, 64);
        ops.ubufPut(ubuf);
        ops.linearize(skb);
        assertThat(v(skb).ubuf()).as("I-GEOM-7: the ubuf reference went with the frags").isZero();
        assertThat(ops.readErrorQueue(sock)).as("I-ZC-2: completed once, as copied")
                .containsExactly(new Snapshot.Notification(0, 0, true));
        ops.free(skb);
    }

    @Test
    void sharedOrMemberSkbsAreRefusedWhereTheKernelWould() {
        long[] s = paged();
        long skb = s[0];
        long clone = ops.clone(skb);
        ops.get(skb); // cloned and shared: a private head is needed, and pskb_expand_head refuses users 2
        Snapshot before = ops.snapshot();
        refused(ErrorCode.SHARED_EXPAND, () -> ops.linearize(skb));
        assertThat(ops.snapshot()).as("nothing changed").isEqualTo(before);
        ops.free(skb);
        long parent = ops.allocSkb(100, false);
        ops.addFragList(parent, clone);
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.linearize(clone));
        ops.free(skb);
        ops.free(parent);
        ops.putPage(s[1]);
    }
}
