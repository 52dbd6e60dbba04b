package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;
import skbstress.api.Snapshot.DestructorRun;

/** Socket ownership: skb_set_owner_w / _r, sock_wfree / sock_rfree, skb_orphan, skb_fclone_busy (I-SOCK-1..3). */
public abstract class SocketContract extends ContractBase {

    private Snapshot.Socket socket(long s) {
        return ops.snapshot().sockets().get(s);
    }

    @Test
    void ownerIsChargedByTruesizeAndUnchargedOnceAtFree() {
        long sk = ops.createZerocopySocket();
        long skb = ops.allocSkb(1500, false);
        ops.setOwnerW(skb, sk);
        assertThat(v(skb).sk()).isEqualTo(sk);
        assertThat(v(skb).destructor()).isEqualTo(SkbOps.SOCK_WFREE);
        assertThat(socket(sk).wmemAlloc()).as("I-SOCK-1: sk_wmem_alloc += truesize").isEqualTo(2304);
        long other = ops.allocSkb(100, false);
        ops.setOwnerW(other, sk);
        assertThat(socket(sk).wmemAlloc()).as("I-SOCK-1: two skbs").isEqualTo(2304 + 960);
        ops.get(skb);
        ops.free(skb);
        assertThat(socket(sk).wmemAlloc()).as("I-SOCK-1: charged until the struct dies").isEqualTo(2304 + 960);
        ops.free(skb);
        assertThat(socket(sk).wmemAlloc()).as("I-SOCK-1: sock_wfree uncharged it once").isEqualTo(960);
        assertThat(ops.snapshot().destructorLog()).containsExactly(new DestructorRun(skb, SkbOps.SOCK_WFREE));
        ops.free(other);
        assertThat(socket(sk).wmemAlloc()).isZero();
        assertThat(socket(sk).rmemAlloc()).isZero();
    }

    @Test
    void orphanUnchargesAndAFreeThenDoesNothingMore() {
        long sk = ops.createZerocopySocket();
        long skb = ops.allocSkb(100, false);
        ops.setOwnerW(skb, sk);
        ops.orphan(skb);
        assertThat(socket(sk).wmemAlloc()).as("I-SOCK-1: skb_orphan runs sock_wfree").isZero();
        assertThat(v(skb).sk()).as("I-SOCK-3: skb_orphan clears sk").isZero();
        assertThat(v(skb).destructor()).isZero();
        ops.orphan(skb);
        ops.free(skb);
        assertThat(socket(sk).wmemAlloc()).as("I-SOCK-1: uncharged once, not twice").isZero();
        assertThat(ops.snapshot().destructorLog()).hasSize(1);
    }

    @Test
    void ownerAgainMovesTheChargeToTheNewSocket() {
        long a = ops.createZerocopySocket();
        long b = ops.createZerocopySocket();
        long skb = ops.allocSkb(100, false);
        ops.setOwnerW(skb, a);
        ops.setOwnerW(skb, b);
        assertThat(socket(a).wmemAlloc()).as("I-SOCK-1: skb_set_owner_w orphans first").isZero();
        assertThat(socket(b).wmemAlloc()).as("I-SOCK-1").isEqualTo(960);
        ops.setOwnerR(skb, a);
        assertThat(socket(b).wmemAlloc()).isZero();
        assertThat(socket(a).rmemAlloc()).as("I-SOCK-1: now on a's receive side").isEqualTo(960);
        ops.free(skb);
        assertThat(socket(a).rmemAlloc()).isZero();
        assertThat(ops.snapshot().destructorLog()).extracting(DestructorRun::tag)
                .containsExactly(SkbOps.SOCK_WFREE, SkbOps.SOCK_WFREE, SkbOps.SOCK_RFREE);
    }

    @Test
    void readSideChargesRmem() {
        long sk = ops.createZerocopySocket();
        long skb = ops.devAllocSkb(1500);
        ops.setOwnerR(skb, sk);
        assertThat(v(skb).destructor()).isEqualTo(SkbOps.SOCK_RFREE);
        assertThat(socket(sk).rmemAlloc()).as("I-SOCK-1: sk_rmem_alloc += truesize").isEqualTo(2176);
        assertThat(socket(sk).wmemAlloc()).isZero();
        ops.consume(skb);
        assertThat(socket(sk).rmemAlloc()).as("I-SOCK-1: sock_rfree").isZero();
    }

    @Test
    void anOwnedSkbKeepsItsTruesize() {
        long sk = ops.createZerocopySocket();
        long skb = ops.allocSkb(100, false);
        ops.setOwnerW(skb, sk);
        ops.expandHead(skb, 1024, 0);
        assertThat(v(skb).truesize()).as("I-SOCK-2: pskb_expand_head leaves an owned skb's truesize").isEqualTo(960);
        long page = ops.allocPage();
        assertThat(refused(ErrorCode.TRUESIZE_CHARGED, () -> ops.addFrag(skb, page, 0, 100)).invariant())
                .isEqualTo("I-SOCK-2");
        long member = ops.allocSkb(64, false);
        refused(ErrorCode.TRUESIZE_CHARGED, () -> ops.addFragList(skb, member));
        ops.orphan(skb);
        ops.addFrag(skb, page, 0, 100);
        assertThat(v(skb).truesize()).as("once orphaned it may grow again").isEqualTo(1060);
        ops.free(skb);
        ops.free(member);
        assertThat(socket(sk).wmemAlloc()).isZero();
    }

    @Test
    void aCloneIsNeverOwned() {
        long sk = ops.createZerocopySocket();
        long skb = ops.allocSkb(100, false);
        ops.setOwnerW(skb, sk);
        long clone = ops.clone(skb);
        long copy = ops.pskbCopy(skb);
        assertThat(v(clone).sk()).as("I-SOCK-3: __skb_clone clears sk").isZero();
        assertThat(v(clone).destructor()).isZero();
        assertThat(v(copy).sk()).as("I-SOCK-3").isZero();
        assertThat(socket(sk).wmemAlloc()).as("I-SOCK-1: only the original is charged").isEqualTo(960);
        ops.free(skb);
        ops.free(clone);
        ops.free(copy);
        assertThat(socket(sk).wmemAlloc()).isZero();
    }

    /** TCP's retransmit check: the fast clone it handed to the driver, owned by the socket, is still alive. */
    @Test
    void fcloneBusyWhileTheOwnedFastCloneLives() {
        long sk = ops.createZerocopySocket();
        long other = ops.createZerocopySocket();
        long orig = ops.allocSkb(1000, true);
        ops.setOwnerW(orig, sk);
        assertThat(ops.fcloneBusy(sk, orig)).as("I-SOCK-3: no clone yet").isFalse();
        long clone = ops.clone(orig);
        assertThat(ops.fcloneBusy(sk, orig)).as("I-SOCK-3: the clone is not owned yet").isFalse();
        ops.setOwnerW(clone, sk);
        assertThat(ops.fcloneBusy(sk, orig)).as("I-SOCK-3: clone alive and owned by sk").isTrue();
        assertThat(ops.fcloneBusy(other, orig)).as("I-SOCK-3: owned by another socket").isFalse();
        assertThat(ops.fcloneBusy(sk, clone)).as("I-SOCK-3: asked of the clone, not the original").isFalse();
        assertThat(socket(sk).wmemAlloc()).as("I-SOCK-1: both members charged").isEqualTo(2 * 2304);
        ops.free(clone); // TX completion
        assertThat(ops.fcloneBusy(sk, orig)).as("I-SOCK-3: the clone is gone").isFalse();
        long again = ops.clone(orig);
        assertThat(ops.fcloneBusy(sk, orig)).as("I-SOCK-3: a new fast clone starts unowned").isFalse();
        ops.free(again);
        long plain = ops.allocSkb(100, false);
        assertThat(ops.fcloneBusy(sk, plain)).as("I-SOCK-3: not a pair").isFalse();
        ops.free(plain);
        ops.free(orig);
        assertThat(socket(sk).wmemAlloc()).isZero();
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.fcloneBusy(sk, orig));
    }

    @Test
    void ownershipRefusesWhatIsNotThere() {
        long sk = ops.createZerocopySocket();
        long skb = ops.allocSkb(100, false);
        ops.free(skb);
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.setOwnerW(skb, sk));
        long live = ops.allocSkb(100, false);
        refused(ErrorCode.NOT_ALLOCATED, () -> ops.setOwnerR(live, 12345L));
        refused(ErrorCode.NOT_ALLOCATED, () -> ops.fcloneBusy(live, live));
        assertThat(socket(sk).wmemAlloc()).isZero();
        ops.free(live);
    }
}
