package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skbstress.api.Bytes;
import skbstress.api.ErrorCode;
import skbstress.api.KernelProfile;
import skbstress.api.SkbConfig;
import skbstress.api.Snapshot;

/** pskb_may_pull, pskb_pull and pskb_trim of nonlinear skbs (I-GEOM-8, I-GEOM-9). */
public abstract class PullTrimContract extends ContractBase {

    private int refcount(long page) {
        Snapshot.Page p = ops.snapshot().pages().get(page);
        return p == null ? 0 : p.refcount();
    }

    /** An skb with 20 linear bytes and two frags of 100 and 50 bytes on one page, the caller keeping a reference. */
    private long[] paged() {
        long skb = ops.allocSkb(100, false);
        ops.put(skb, bytes(20, 1));
        long page = ops.allocPage();
        ops.writePage(page, 0, bytes(200, 7));
        ops.getPage(page);
        ops.getPage(page);
        ops.addFrag(skb, page, 0, 100);
        ops.addFrag(skb, page, 100, 50);
        return new long[] {skb, page};
    }

    /** An skb with 10 linear bytes, then members a (30 bytes) and b (40 bytes); {@code keepB}: the caller keeps b. */
    private long[] listed(boolean keepB) {
        long skb = ops.allocSkb(100, false);
        ops.put(skb, bytes(10, 1));
        long a = ops.allocSkb(64, false);
        ops.put(a, bytes(30, 2));
        long b = ops.allocSkb(64, false);
        ops.put(b, bytes(40, 3));
        if (keepB) {
            ops.get(b);
        }
        ops.addFragList(skb, a);
        ops.addFragList(skb, b);
        return new long[] {skb, a, b};
    }

    private static Bytes tail(Bytes all, int from) {
        byte[] b = all.toArray();
        return Bytes.copyOf(java.util.Arrays.copyOfRange(b, from, b.length));
    }

    private static Bytes head(Bytes all, int to) {
        return Bytes.copyOf(java.util.Arrays.copyOf(all.toArray(), to));
    }

    private static int condensed(Snapshot.Skb k) {
        return KernelProfile.LINUX_6_12.truesize(k.end() - k.head());
    }

    // ---------------------------------------------------------------- pulls

    @Test
    void aPullWithinTheLinearPartOnlyMovesData() {
        long[] s = paged();
        long skb = s[0];
        Bytes all = ops.bytes(skb);
        Snapshot before = ops.snapshot();
        assertThat(ops.pskbMayPull(skb, 20)).isTrue();
        assertThat(ops.snapshot()).as("I-GEOM-8: the bytes were linear already").isEqualTo(before);
        ops.pskbPull(skb, 15);
        assertThat(v(skb).len()).as("I-GEOM-8").isEqualTo(155);
        assertThat(v(skb).frags()).hasSize(2);
        assertThat(ops.bytes(skb)).isEqualTo(tail(all, 15));
        ops.free(skb);
        ops.putPage(s[1]);
    }

    @Test
    void aPullIntoTheFirstFragMovesItsOffset() {
        long[] s = paged();
        long skb = s[0];
        Bytes all = ops.bytes(skb);
        ops.pskbPull(skb, 50);
        assertThat(v(skb).len()).as("I-GEOM-8").isEqualTo(120);
        assertThat(v(skb).dataLen()).as("I-GEOM-8: 30 bytes of the first frag made linear").isEqualTo(120);
        assertThat(v(skb).frags().get(0).offset()).as("I-GEOM-8: the partly pulled frag moved on").isEqualTo(30);
        assertThat(v(skb).frags().get(0).size()).isEqualTo(70);
        assertThat(ops.bytes(skb)).isEqualTo(tail(all, 50));
        assertThat(refcount(s[1])).as("no frag eaten whole: every reference stays").isEqualTo(3);
        ops.free(skb);
        ops.putPage(s[1]);
    }

    @Test
    void aPullAcrossFragsDropsTheEatenFragsReference() {
        long[] s = paged();
        long skb = s[0];
        Bytes all = ops.bytes(skb);
        assertThat(ops.pskbMayPull(skb, 130)).isTrue();
        assertThat(ops.linearBytes(skb)).as("I-GEOM-8: the first 130 bytes linear").isEqualTo(head(all, 130));
        assertThat(v(skb).frags()).as("I-GEOM-8").containsExactly(new Snapshot.Frag(s[1], 110, 40));
        assertThat(ops.bytes(skb)).isEqualTo(all);
        assertThat(refcount(s[1])).as("I-GEOM-8: the eaten frag's page reference dropped").isEqualTo(2);
        ops.free(skb);
        assertThat(refcount(s[1])).isEqualTo(1);
        ops.putPage(s[1]);
    }

    @Test
    void aPullIntoAnExclusiveMemberPullsItInPlace() {
        long[] s = listed(false);
        Bytes all = ops.bytes(s[0]);
        assertThat(ops.pskbMayPull(s[0], 55)).isTrue();
        assertThat(ops.linearBytes(s[0])).as("I-GEOM-8").isEqualTo(head(all, 55));
        assertThat(ops.snapshot().skbs()).as("I-GEOM-8: the member eaten whole was consumed").doesNotContainKey(s[1]);
        assertThat(v(s[0]).fragList()).as("I-GEOM-8: only this list held b: pulled in place").containsExactly(s[2]);
        assertThat(v(s[2]).len()).isEqualTo(25);
        assertThat(ops.bytes(s[0])).isEqualTo(all);
        ops.free(s[0]);
    }

    @Test
    void aPullIntoASharedMemberClonesIt() {
        long[] s = listed(true);
        Bytes all = ops.bytes(s[0]);
        Bytes b = ops.bytes(s[2]);
        ops.pskbPull(s[0], 55);
        assertThat(ops.bytes(s[0])).as("I-GEOM-8").isEqualTo(tail(all, 55));
        long clone = v(s[0]).fragList().get(0);
        assertThat(clone).as("I-GEOM-8: a shared member is cloned, the clone pulled").isNotEqualTo(s[2]);
        assertThat(v(s[0]).fragList()).hasSize(1);
        assertThat(ops.bytes(s[2])).as("the other holder's member is whole").isEqualTo(b);
        assertThat(v(s[2]).users()).as("I-GEOM-8: the list's reference was consumed").isEqualTo(1);
        assertThat(v(clone).len()).isEqualTo(25);
        ops.free(s[0]);
        assertThat(ops.bytes(s[2])).isEqualTo(b);
        ops.free(s[2]);
    }

    @Test
    void aPullIntoASharedMembersFragsPullsItsCloneIntoAHeadOfItsOwn() {
        long skb = ops.allocSkb(100, false);
        ops.put(skb, bytes(10, 1));
        long m = ops.allocSkb(64, false);
        ops.put(m, bytes(10, 2));
        long page = ops.allocPage();
        ops.writePage(page, 0, bytes(50, 4));
        ops.getPage(page);
        ops.addFrag(m, page, 0, 50);
        ops.get(m); // the caller keeps one: the member is shared
        ops.addFragList(skb, m);
        Bytes all = ops.bytes(skb);
        Bytes mine = ops.bytes(m);
        ops.pskbPull(skb, 40);
        long clone = v(skb).fragList().get(0);
        assertThat(clone).as("I-GEOM-8: the shared member cloned").isNotEqualTo(m);
        assertThat(v(clone).shinfo()).as("I-GEOM-8: the clone, cloned data, pulled into a head of its own")
                .isNotEqualTo(v(m).shinfo());
        assertThat(v(clone).frags()).as("I-GEOM-8").containsExactly(new Snapshot.Frag(page, 20, 30));
        assertThat(ops.bytes(skb)).isEqualTo(tail(all, 40));
        assertThat(ops.bytes(m)).as("the other holder's member is whole").isEqualTo(mine);
        assertThat(refcount(page)).as("the member's frag, the clone's, the caller's").isEqualTo(3);
        ops.free(skb);
        ops.free(m);
        assertThat(refcount(page)).isEqualTo(1);
        ops.putPage(page);
    }

    @Test
    void aPullPastLenIsFalseOrRefusedAndChangesNothing() {
        long[] s = paged();
        long skb = s[0];
        Snapshot before = ops.snapshot();
        assertThat(ops.pskbMayPull(skb, 171)).as("I-GEOM-8: len 170").isFalse();
        assertThat(ops.snapshot()).isEqualTo(before);
        refused(ErrorCode.PULL_TOO_FAR, () -> ops.pskbPull(skb, 171));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.pskbPull(skb, -1));
        ops.free(skb);
        ops.putPage(s[1]);
    }

    @Test
    void aClonedSkbIsPulledIntoAPrivateHeadSoItsCloneKeepsItsView() {
        long[] s = paged();
        long skb = s[0];
        long clone = ops.clone(skb);
        Bytes all = ops.bytes(skb);
        ops.pskbPull(skb, 130);
        assertThat(v(skb).shinfo()).as("I-GEOM-8: a private head first").isNotEqualTo(v(clone).shinfo());
        assertThat(ops.bytes(skb)).isEqualTo(tail(all, 130));
        assertThat(ops.bytes(clone)).as("the clone's view is unchanged").isEqualTo(all);
        assertThat(v(clone).frags()).hasSize(2);
        assertThat(refcount(s[1])).as("the clone's two references, the pulled skb's one, the caller's").isEqualTo(4);
        ops.free(clone);
        assertThat(refcount(s[1])).isEqualTo(2);
        ops.free(skb);
        ops.putPage(s[1]);
    }

    @Test
    void aSharedCloneOrAMemberIsRefusedBeforeAnyChange() {
        long[] s = paged();
        long skb = s[0];
        long clone = ops.clone(skb);
        ops.get(skb);
        refused(ErrorCode.SHARED_EXPAND, () -> ops.pskbPull(skb, 30));
        refused(ErrorCode.SHARED_EXPAND, () -> ops.pskbTrim(skb, 30));
        ops.free(skb);
        long parent = ops.allocSkb(100, false);
        ops.addFragList(parent, clone);
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.pskbPull(clone, 1));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.pskbTrim(clone, 1));
        ops.free(skb);
        ops.free(parent);
        ops.putPage(s[1]);
    }

    @Test
    void aMemberCloneTheCacheCannotMakeIsRefusedBeforeAnyChange() {
        reset(new SkbConfig(2, 0, 0, 0)); // the skb and its member take the head cache's two structs
        long skb = ops.allocSkb(100, false);
        ops.put(skb, bytes(10, 1));
        long m = ops.allocSkb(64, false);
        ops.put(m, bytes(30, 2));
        ops.get(m);
        ops.addFragList(skb, m);
        refused(ErrorCode.EXHAUSTED, () -> ops.pskbPull(skb, 20));
        refused(ErrorCode.EXHAUSTED, () -> ops.pskbTrim(skb, 20));
        ops.free(m);
        ops.pskbPull(skb, 20);
        assertThat(v(m).len()).as("I-GEOM-8: only the list holds it now: pulled in place").isEqualTo(20);
        ops.free(skb);
    }

    @Test
    void aSharedMemberWithZeroCopyFragsToOrphanIsRefusedBeforeAnyChange() {
        long sock = ops.createZerocopySocket();
        long ubuf = ops.ubufAlloc(sock, false); // no DONT_ORPHAN: a clone must copy the frags first
        long m = ops.allocSkb(64, false);
        ops.put(m, bytes(10, 2));
        ops.zerocopyAttach(m, ubuf, ops.allocPage(), 0, 64);
        ops.ubufPut(ubuf);
        long skb = ops.allocSkb(100, false);
        ops.put(skb, bytes(10, 1));
        ops.addFragList(skb, m);
        ops.get(m); // shared: a pull or trim into it clones it, and skb_copy_ubufs refuses a shared skb
        refused(ErrorCode.ORPHAN_SHARED, () -> ops.pskbPull(skb, 20));
        refused(ErrorCode.ORPHAN_SHARED, () -> ops.pskbTrim(skb, 15));
        ops.free(m);
        long clone = ops.clone(skb); // the private head a cloned skb's trim makes shares every member
        refused(ErrorCode.ORPHAN_SHARED, () -> ops.pskbTrim(skb, 15));
        refused(ErrorCode.ORPHAN_SHARED, () -> ops.pskbPull(skb, 20));
        ops.free(clone);
        ops.free(skb);
        assertThat(ops.readErrorQueue(sock)).as("I-ZC-2: completed once, never copied")
                .containsExactly(new Snapshot.Notification(0, 0, false));
    }

    @Test
    void aZeroCopySkbIsReportedCopiedOnlyWhenNothingPagedIsLeft() {
        long sock = ops.createZerocopySocket();
        long ubuf = ops.ubufAlloc(sock, true);
        long skb = ops.allocSkb(100, false);
        long page = ops.allocPage();
        ops.zerocopyAttach(skb, ubuf, page, 0, 64);
        ops.ubufPut(ubuf);
        ops.pskbPull(skb, 32);
        assertThat(v(skb).ubuf()).as("I-GEOM-8: 32 bytes still paged").isNotZero();
        assertThat(ops.pskbMayPull(skb, 32)).isTrue();
        assertThat(v(skb).ubuf()).as("I-GEOM-8: data_len reached 0").isZero();
        assertThat(ops.readErrorQueue(sock)).as("I-ZC-2: completed once, as copied")
                .containsExactly(new Snapshot.Notification(0, 0, true));
        ops.free(skb);
    }

    // ---------------------------------------------------------------- trims

    @Test
    void aTrimInTheLinearPartDropsEveryFragAndMember() {
        long skb = ops.allocSkb(100, false);
        ops.put(skb, bytes(20, 1));
        long page = ops.allocPage();
        ops.getPage(page);
        ops.addFrag(skb, page, 0, 100);
        long m = ops.allocSkb(64, false);
        ops.put(m, bytes(30, 2));
        ops.addFragList(skb, m);
        Bytes all = ops.bytes(skb);
        ops.pskbTrim(skb, 10);
        assertThat(v(skb).len()).as("I-GEOM-9").isEqualTo(10);
        assertThat(v(skb).dataLen()).as("I-GEOM-9").isZero();
        assertThat(v(skb).frags()).as("I-GEOM-9").isEmpty();
        assertThat(v(skb).fragList()).as("I-GEOM-9").isEmpty();
        assertThat(ops.bytes(skb)).isEqualTo(head(all, 10));
        assertThat(refcount(page)).as("I-GEOM-9: the frag's reference dropped").isEqualTo(1);
        assertThat(ops.snapshot().skbs()).as("I-GEOM-9: the member freed").doesNotContainKey(m);
        assertThat(v(skb).truesize()).as("I-GEOM-9: condensed").isEqualTo(condensed(v(skb)));
        ops.pskbTrim(skb, 20);
        assertThat(v(skb).len()).as("a trim past len changes nothing").isEqualTo(10);
        ops.putPage(page);
        ops.free(skb);
    }

    @Test
    void aTrimInAFragShortensItAndDropsTheRest() {
        long skb = ops.allocSkb(300, false);
        ops.put(skb, bytes(300, 1));
        long page = ops.allocPage();
        ops.writePage(page, 0, bytes(2000, 5));
        ops.getPage(page);
        ops.addFrag(skb, page, 0, 1000);
        long other = ops.allocPage();
        ops.addFrag(skb, other, 0, 100);
        Bytes all = ops.bytes(skb);
        int truesize = v(skb).truesize();
        ops.pskbTrim(skb, 800);
        assertThat(v(skb).frags()).as("I-GEOM-9").containsExactly(new Snapshot.Frag(page, 0, 500));
        assertThat(v(skb).dataLen()).isEqualTo(500);
        assertThat(ops.bytes(skb)).isEqualTo(head(all, 800));
        assertThat(ops.snapshot().pages()).as("I-GEOM-9: the dropped frag's page went").doesNotContainKey(other);
        assertThat(v(skb).truesize()).as("I-GEOM-9: 500 paged bytes do not fit the tailroom: not condensed")
                .isEqualTo(truesize);
        ops.free(skb);
        ops.putPage(page);
    }

    @Test
    void aTrimThatLeavesTheRestInTheTailroomCondensesTruesize() {
        long[] s = paged();
        long skb = s[0];
        Bytes all = ops.bytes(skb);
        ops.pskbTrim(skb, 130);
        assertThat(v(skb).dataLen()).as("I-GEOM-9: skb_condense pulled the 110 paged bytes in").isZero();
        assertThat(v(skb).frags()).isEmpty();
        assertThat(ops.bytes(skb)).isEqualTo(head(all, 130));
        assertThat(v(skb).truesize()).as("I-GEOM-9: truesize = SKB_TRUESIZE(end)").isEqualTo(condensed(v(skb)));
        assertThat(refcount(s[1])).as("I-GEOM-9: both frags' references dropped").isEqualTo(1);
        ops.free(skb);
        ops.putPage(s[1]);
    }

    @Test
    void aSocketOwnedSkbKeepsItsTruesize() {
        long sk = ops.createZerocopySocket();
        long[] s = paged();
        long skb = s[0];
        ops.setOwnerW(skb, sk);
        int truesize = v(skb).truesize();
        ops.pskbTrim(skb, 130);
        assertThat(v(skb).frags()).as("I-GEOM-9: no skb_condense for an owned skb")
                .containsExactly(new Snapshot.Frag(s[1], 0, 100), new Snapshot.Frag(s[1], 100, 10));
        assertThat(v(skb).truesize()).as("I-SOCK-2, I-GEOM-9: the charged truesize stays").isEqualTo(truesize);
        ops.free(skb);
        assertThat(ops.snapshot().sockets().get(sk).wmemAlloc()).as("I-SOCK-1").isZero();
        ops.putPage(s[1]);
    }

    @Test
    void aTrimInAMemberTrimsAnExclusiveOneInPlaceAndClonesASharedOne() {
        long sk = ops.createZerocopySocket();
        long[] s = listed(false);
        ops.setOwnerW(s[0], sk); // no condensing: the members stay to be seen
        Bytes all = ops.bytes(s[0]);
        ops.pskbTrim(s[0], 25);
        assertThat(v(s[0]).fragList()).as("I-GEOM-9: a trimmed in place, b dropped").containsExactly(s[1]);
        assertThat(v(s[1]).len()).isEqualTo(15);
        assertThat(ops.snapshot().skbs()).as("I-GEOM-9").doesNotContainKey(s[2]);
        assertThat(ops.bytes(s[0])).isEqualTo(head(all, 25));
        ops.free(s[0]);

        long[] t = listed(true);
        ops.setOwnerW(t[0], sk);
        Bytes all2 = ops.bytes(t[0]);
        Bytes b = ops.bytes(t[2]);
        ops.pskbTrim(t[0], 60);
        long clone = v(t[0]).fragList().get(1);
        assertThat(clone).as("I-GEOM-9: the shared member is cloned, the clone trimmed").isNotEqualTo(t[2]);
        assertThat(v(t[0]).fragList()).containsExactly(t[1], clone);
        assertThat(v(clone).len()).isEqualTo(20);
        assertThat(ops.bytes(t[2])).as("the other holder's member is whole").isEqualTo(b);
        assertThat(v(t[2]).users()).isEqualTo(1);
        assertThat(ops.bytes(t[0])).isEqualTo(head(all2, 60));
        ops.free(t[0]);
        ops.free(t[2]);
    }

    @Test
    void aClonedSkbsTrimClonesEveryMemberUpToTheCutEvenThoseKeptWhole() {
        long sk = ops.createZerocopySocket();
        long[] s = listed(false);
        ops.setOwnerW(s[0], sk);
        long clone = ops.clone(s[0]);
        Bytes all = ops.bytes(s[0]);
        ops.pskbTrim(s[0], 60); // the private head references a and b too: both are shared, both cloned
        java.util.List<Long> members = v(s[0]).fragList();
        assertThat(members).as("I-GEOM-9: a (kept whole) and b (cut) replaced by clones").hasSize(2)
                .doesNotContain(s[1], s[2]);
        assertThat(v(members.get(1)).len()).isEqualTo(20);
        assertThat(ops.bytes(s[0])).isEqualTo(head(all, 60));
        assertThat(ops.bytes(clone)).as("the clone's view is unchanged").isEqualTo(all);
        assertThat(v(clone).fragList()).containsExactly(s[1], s[2]);
        ops.free(clone);
        assertThat(ops.snapshot().skbs()).as("I-GEOM-9: the originals went with the clone's data").doesNotContainKeys(
                s[1], s[2]);
        ops.free(s[0]);
    }

    @Test
    void aClonedSkbIsTrimmedInAPrivateHead() {
        long[] s = paged();
        long skb = s[0];
        long clone = ops.clone(skb);
        Bytes all = ops.bytes(skb);
        ops.pskbTrim(skb, 50);
        assertThat(v(skb).shinfo()).as("I-GEOM-9: a private head first").isNotEqualTo(v(clone).shinfo());
        assertThat(ops.bytes(skb)).isEqualTo(head(all, 50));
        assertThat(ops.bytes(clone)).as("the clone's view is unchanged").isEqualTo(all);
        assertThat(v(clone).frags()).hasSize(2);
        ops.free(clone);
        assertThat(refcount(s[1])).as("I-GEOM-9: only the caller's reference is left").isEqualTo(1);
        ops.free(skb);
        ops.putPage(s[1]);
    }
}
