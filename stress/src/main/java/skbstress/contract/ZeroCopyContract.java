package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import skbstress.api.Bytes;
import skbstress.api.ErrorCode;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.Snapshot;
import skbstress.api.Snapshot.Notification;

/** Zero-copy driver buffers and ubufs: I-ZCDRV-1, I-ZCDRV-2, I-ZC-1..5. */
public abstract class ZeroCopyContract extends ContractBase {

    private final List<Long> freed = new ArrayList<>();

    private long driverBuffer(int size) {
        return ops.createDriverBuffer(size, freed::add);
    }

    @Test
    void slicesOfADriverBufferShareItsHeaderWithoutCopying() {
        long buf = driverBuffer(4096);
        ops.writeDriverBuffer(buf, 64, bytes(400, 1));
        long a = ops.makeZeroCopySkb(buf, 64, 100);
        long b = ops.makeZeroCopySkb(buf, 192, 200);
        assertThat(v(a).headKind()).isEqualTo(HeadKind.DRIVER_SLICE);
        assertThat(v(a).headOwner()).isEqualTo(buf);
        assertThat(v(a).len()).isEqualTo(100);
        assertThat(v(b).head()).isEqualTo(192);
        byte[] all = bytes(400, 1);
        assertThat(ops.linearBytes(a)).isEqualTo(Bytes.copyOf(all, 0, 100));
        assertThat(ops.linearBytes(b)).isEqualTo(Bytes.copyOf(all, 128, 328));
        assertThat(ops.snapshot().driverBuffers().get(buf).refcount()).as("driver + two slices").isEqualTo(3);
        ops.releaseDriverBuffer(buf);
        ops.free(a);
        assertThat(freed).isEmpty();
        ops.free(b);
        assertThat(freed).containsExactly(buf);
        assertThat(ops.snapshot().freeFunctionLog()).containsExactly(buf);
    }

    @Test
    void aCloneOfASliceKeepsTheBufferAlive() {
        long buf = driverBuffer(1024);
        long a = ops.makeZeroCopySkb(buf, 64, 500);
        long clone = ops.clone(a);
        ops.releaseDriverBuffer(buf);
        ops.free(a);
        assertThat(freed).isEmpty();
        ops.free(clone);
        assertThat(freed).containsExactly(buf);
    }

    @Test
    void expandingASliceMovesItOffTheBuffer() {
        long buf = driverBuffer(1024);
        ops.writeDriverBuffer(buf, 128, bytes(50, 7));
        long a = ops.makeZeroCopySkb(buf, 128, 50);
        ops.releaseDriverBuffer(buf);
        ops.expandHead(a, 32, 0);
        assertThat(freed).as("the slice was the buffer's last user").containsExactly(buf);
        assertThat(ops.linearBytes(a)).isEqualTo(Bytes.copyOf(bytes(50, 7)));
        ops.free(a);
    }

    @Test
    void slicesMustLieInsideTheBufferPastItsHeader() {
        long buf = driverBuffer(1024);
        assertThat(refused(ErrorCode.ZC_SLICE_RANGE, () -> ops.makeZeroCopySkb(buf, 0, 100)).invariant())
                .isEqualTo("I-ZCDRV-2");
        refused(ErrorCode.ZC_SLICE_RANGE, () -> ops.makeZeroCopySkb(buf, 1000, 100));
        refused(ErrorCode.ZC_SLICE_RANGE, () -> ops.makeZeroCopySkb(buf, 128, 0));
        refused(ErrorCode.ZC_SLICE_RANGE, () -> ops.makeZeroCopySkb(buf, 100, 10));
        long first = ops.makeZeroCopySkb(buf, 64, 100);
        assertThat(refused(ErrorCode.ZC_SLICE_RANGE, () -> ops.makeZeroCopySkb(buf, 128, 10)).getMessage())
                .contains("shares line 2");
        long second = ops.makeZeroCopySkb(buf, 192, 10);
        ops.free(first);
        long again = ops.makeZeroCopySkb(buf, 128, 10);
        ops.free(again);
        ops.free(second);
        refused(ErrorCode.ZC_SLICE_RANGE, () -> ops.writeDriverBuffer(buf, 10, bytes(4, 1)));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.createDriverBuffer(Kernel.ZC_HEADER_SIZE, null));
        ops.releaseDriverBuffer(buf);
        assertThat(freed).containsExactly(buf);
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.makeZeroCopySkb(buf, 64, 10));
        refused(ErrorCode.DOUBLE_FREE, () -> ops.releaseDriverBuffer(buf));
    }

    @Test
    void theDriverReleasesItsReferenceOnce() {
        long buf = driverBuffer(1024);
        long a = ops.makeZeroCopySkb(buf, 64, 10);
        ops.releaseDriverBuffer(buf);
        refused(ErrorCode.DOUBLE_FREE, () -> ops.releaseDriverBuffer(buf));
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.makeZeroCopySkb(buf, 128, 10));
        ops.free(a);
    }

    /** An skb with one user-page frag of a new ubuf; the caller still holds its ubuf reference. */
    private long[] zerocopySkb(boolean dontOrphan) {
        long sock = ops.createZerocopySocket();
        long ubuf = ops.ubufAlloc(sock, dontOrphan);
        long skb = ops.allocSkb(128, false);
        ops.put(skb, bytes(20, 1));
        long page = ops.allocPage();
        ops.writePage(page, 0, bytes(1000, 2));
        ops.zerocopyAttach(skb, ubuf, page, 0, 1000);
        return new long[] {sock, ubuf, skb, page};
    }

    @Test
    void aUbufCompletesWhenItsLastReferenceGoes() {
        long[] z = zerocopySkb(false);
        assertThat(v(z[2]).ubuf()).isEqualTo(z[1]);
        assertThat(ops.snapshot().ubufs().get(z[1]).refcount()).as("caller + shared info").isEqualTo(2);
        ops.ubufPut(z[1]);
        assertThat(ops.snapshot().completionLog()).isEmpty();
        ops.free(z[2]);
        assertThat(ops.snapshot().completionLog()).containsExactly(new Snapshot.Completion(z[1], z[0], 0, 0, false));
        assertThat(ops.readErrorQueue(z[0])).containsExactly(new Notification(0, 0, false));
        assertThat(ops.readErrorQueue(z[0])).as("drained").isEmpty();
        refused(ErrorCode.DOUBLE_FREE, () -> ops.ubufPut(z[1]));
    }

    @Test
    void orphaningCopiesTheFragsAndReportsACopy() {
        long[] z = zerocopySkb(false);
        Bytes before = ops.bytes(z[2]);
        ops.orphanFrags(z[2]);
        assertThat(v(z[2]).ubuf()).isZero();
        assertThat(v(z[2]).frags()).hasSize(1);
        assertThat(v(z[2]).frags().get(0).page()).isNotEqualTo(z[3]);
        assertThat(ops.bytes(z[2])).isEqualTo(before);
        assertThat(ops.snapshot().pages()).as("the user page reference was dropped").doesNotContainKey(z[3]);
        ops.ubufPut(z[1]);
        assertThat(ops.readErrorQueue(z[0])).containsExactly(new Notification(0, 0, true));
        ops.orphanFrags(z[2]);
        ops.free(z[2]);
    }

    @Test
    void cloningZeroCopyFragsOrphansThemFirst() {
        long[] z = zerocopySkb(false);
        long clone = ops.clone(z[2]);
        assertThat(v(clone).ubuf()).isZero();
        assertThat(v(z[2]).zerocopy()).isFalse();
        ops.ubufPut(z[1]);
        assertThat(ops.readErrorQueue(z[0])).containsExactly(new Notification(0, 0, true));
        ops.free(clone);
        ops.free(z[2]);
    }

    @Test
    void dontOrphanSharesTheUbufWithClonesAndCopies() {
        long[] z = zerocopySkb(true);
        long clone = ops.clone(z[2]);
        assertThat(v(clone).ubuf()).isEqualTo(z[1]);
        long copy = ops.pskbCopy(z[2]);
        assertThat(ops.snapshot().ubufs().get(z[1]).refcount()).as("caller + two shared infos").isEqualTo(3);
        ops.ubufPut(z[1]);
        ops.free(z[2]);
        ops.free(copy);
        assertThat(ops.snapshot().completionLog()).isEmpty();
        ops.free(clone);
        assertThat(ops.readErrorQueue(z[0])).containsExactly(new Notification(0, 0, false));
    }

    @Test
    void orphaningASharedSkbIsRefused() {
        long[] z = zerocopySkb(false);
        ops.get(z[2]);
        assertThat(refused(ErrorCode.ORPHAN_SHARED, () -> ops.orphanFrags(z[2])).invariant()).isEqualTo("I-ZC-3");
        refused(ErrorCode.ORPHAN_SHARED, () -> ops.clone(z[2]));
        refused(ErrorCode.ORPHAN_SHARED, () -> ops.pskbCopy(z[2]));
        ops.free(z[2]);
        ops.free(z[2]);
        ops.ubufPut(z[1]);
    }

    @Test
    void adjacentCompletionsMergeAndKeepTheTailsCopiedFlag() {
        long sock = ops.createZerocopySocket();
        long u0 = ops.ubufAlloc(sock, false);
        long u1 = ops.ubufAlloc(sock, false);
        long u2 = ops.ubufAlloc(sock, false);
        long u3 = ops.ubufAlloc(sock, false);
        ops.ubufPut(u0);
        long skb = ops.allocSkb(64, false);
        long page = ops.allocPage();
        ops.zerocopyAttach(skb, u1, page, 0, 10);
        ops.orphanFrags(skb);
        ops.ubufPut(u1);
        assertThat(ops.snapshot().completionLog().get(1).copied()).isTrue();
        assertThat(ops.snapshot().sockets().get(sock).errorQueue())
                .as("[0..0] then [1..1] merge; the merged range keeps [0..0]'s flag, as the kernel does")
                .containsExactly(new Notification(0, 1, false));
        ops.ubufPut(u3);
        ops.ubufPut(u2);
        assertThat(ops.readErrorQueue(sock)).containsExactly(new Notification(0, 1, false),
                new Notification(3, 3, false), new Notification(2, 2, false));
        ops.free(skb);
    }

    @Test
    void aUbufCoversSeveralSendCallsOnlyWhileItIsTheLatest() {
        long sock = ops.createZerocopySocket();
        long u0 = ops.ubufAlloc(sock, false);
        ops.ubufExtend(u0);
        ops.ubufExtend(u0);
        long u1 = ops.ubufAlloc(sock, false);
        assertThat(ops.snapshot().sockets().get(sock).zckey()).isEqualTo(4);
        assertThat(refused(ErrorCode.UBUF_EXTEND, () -> ops.ubufExtend(u0)).invariant()).isEqualTo("I-ZC-5");
        ops.ubufPut(u0);
        ops.ubufPut(u1);
        assertThat(ops.readErrorQueue(sock)).containsExactly(new Notification(0, 3, false));
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.ubufExtend(u0));
    }

    @Test
    void oneSharedInfoHoldsOneUbuf() {
        long[] z = zerocopySkb(false);
        long other = ops.ubufAlloc(z[0], false);
        long page = ops.allocPage();
        assertThat(refused(ErrorCode.UBUF_CONFLICT, () -> ops.zerocopyAttach(z[2], other, page, 0, 10)).invariant())
                .isEqualTo("I-ZC-1");
        ops.zerocopyAttach(z[2], z[1], page, 0, 10);
        assertThat(ops.snapshot().ubufs().get(z[1]).refcount()).as("the same ubuf is not counted twice").isEqualTo(2);
        ops.ubufPut(other);
        ops.ubufPut(z[1]);
        ops.free(z[2]);
    }
}
