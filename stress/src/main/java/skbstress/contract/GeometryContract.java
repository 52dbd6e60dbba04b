package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skbstress.api.Bytes;
import skbstress.api.ErrorCode;
import skbstress.api.FcloneState;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/** Allocation and head/data/tail/end: I-GEOM-1..4, I-USERS-1. */
public abstract class GeometryContract extends ContractBase {

    static int kmallocCacheFor(int dataSize) {
        return SkbOps.FIRST_KMALLOC_CACHE + Kernel.kmallocClass(Kernel.skbHeadBufferSize(dataSize));
    }

    @Test
    void allocSkbAlignsSizeAndPutsSharedInfoAtEnd() {
        long skb = ops.allocSkb(100, false);
        Snapshot.Skb s = v(skb);
        assertThat(s.head()).isZero();
        assertThat(s.data()).isZero();
        assertThat(s.tail()).isZero();
        assertThat(s.end()).as("SKB_DATA_ALIGN(100)").isEqualTo(128);
        assertThat(s.len()).isZero();
        assertThat(s.users()).as("I-USERS-1").isEqualTo(1);
        assertThat(s.dataref()).isEqualTo(1);
        assertThat(s.truesize()).as("SKB_TRUESIZE(128)").isEqualTo(128 + 256 + 320);
        assertThat(s.fclone()).isEqualTo(FcloneState.UNAVAILABLE);
        assertThat(s.headKind()).isEqualTo(HeadKind.KMALLOC);
        assertThat(s.bufferSize()).as("data 128 + shared info 320 fits kmalloc-512").isEqualTo(512);
        assertThat(cache(SkbOps.HEAD_CACHE).live()).isEqualTo(1);
        assertThat(cache(kmallocCacheFor(100)).live()).isEqualTo(1);
        assertThat(ops.free(skb)).isTrue();
        assertThat(cache(SkbOps.HEAD_CACHE).live()).isZero();
        assertThat(cache(kmallocCacheFor(100)).live()).isZero();
    }

    @Test
    void fcloneAllocationComesFromThePairCache() {
        long skb = ops.allocSkb(1500, true);
        assertThat(v(skb).fclone()).isEqualTo(FcloneState.ORIG);
        assertThat(v(skb).fcloneRef()).isEqualTo(1);
        assertThat(cache(SkbOps.FCLONE_CACHE).live()).isEqualTo(1);
        assertThat(cache(SkbOps.HEAD_CACHE).live()).isZero();
        ops.free(skb);
        assertThat(cache(SkbOps.FCLONE_CACHE).live()).isZero();
    }

    @Test
    void devAllocSkbReservesNetSkbPad() {
        long skb = ops.devAllocSkb(1500);
        assertThat(v(skb).data() - v(skb).head()).isEqualTo(Kernel.NET_SKB_PAD);
        assertThat(v(skb).end()).isEqualTo(Kernel.skbDataAlign(1500 + Kernel.NET_SKB_PAD));
        long aligned = ops.devAllocSkbIpAlign(1500);
        assertThat(v(aligned).data()).as("NET_SKB_PAD + NET_IP_ALIGN").isEqualTo(Kernel.NET_SKB_PAD + 2);
        ops.free(skb);
        ops.free(aligned);
    }

    @Test
    void putPushPullTrimMoveTheRightPointers() {
        long skb = ops.allocSkb(256, false);
        ops.reserve(skb, 64);
        ops.put(skb, bytes(100, 1));
        assertThat(v(skb).tail()).isEqualTo(164);
        assertThat(v(skb).len()).isEqualTo(100);
        ops.push(skb, bytes(14, 2));
        assertThat(v(skb).data()).isEqualTo(50);
        assertThat(v(skb).len()).isEqualTo(114);
        byte[] expected = new byte[114];
        System.arraycopy(bytes(14, 2), 0, expected, 0, 14);
        System.arraycopy(bytes(100, 1), 0, expected, 14, 100);
        assertThat(ops.linearBytes(skb)).isEqualTo(Bytes.copyOf(expected));
        ops.pull(skb, 14);
        assertThat(ops.linearBytes(skb)).isEqualTo(Bytes.copyOf(bytes(100, 1)));
        ops.trim(skb, 40);
        assertThat(v(skb).len()).isEqualTo(40);
        assertThat(v(skb).tail()).isEqualTo(v(skb).data() + 40);
        ops.trim(skb, 1000);
        assertThat(v(skb).len()).as("skb_trim to a larger length is a no-op").isEqualTo(40);
        ops.free(skb);
    }

    @Test
    void putPastEndIsRefusedAsSkbOver() {
        long skb = ops.allocSkb(64, false);
        ops.put(skb, bytes(60, 1));
        assertThat(refused(ErrorCode.SKB_OVER, () -> ops.put(skb, bytes(5, 2))).getMessage())
                .contains("tail 65").contains("end 64").contains("I-GEOM-1");
        ops.put(skb, bytes(4, 3));
        assertThat(v(skb).tail()).isEqualTo(v(skb).end());
        ops.free(skb);
    }

    @Test
    void pushBelowHeadIsRefusedAsSkbUnder() {
        long skb = ops.allocSkb(64, false);
        ops.reserve(skb, 10);
        refused(ErrorCode.SKB_UNDER, () -> ops.push(skb, bytes(11, 1)));
        ops.push(skb, bytes(10, 1));
        assertThat(v(skb).data()).isEqualTo(v(skb).head());
        ops.free(skb);
    }

    @Test
    void reserveOnlyOnAnEmptySkb() {
        long skb = ops.allocSkb(128, false);
        ops.put(skb, bytes(1, 1));
        refused(ErrorCode.RESERVE_NOT_EMPTY, () -> ops.reserve(skb, 4));
        long empty = ops.allocSkb(64, false);
        refused(ErrorCode.SKB_OVER, () -> ops.reserve(empty, 65));
        ops.free(skb);
        ops.free(empty);
    }

    @Test
    void pullBeyondLenIsRefused() {
        long skb = ops.allocSkb(128, false);
        ops.put(skb, bytes(20, 1));
        refused(ErrorCode.PULL_TOO_FAR, () -> ops.pull(skb, 21));
        ops.pull(skb, 20);
        assertThat(v(skb).len()).isZero();
        ops.free(skb);
    }

    @Test
    void linearOnlyOperationsRefuseNonlinearSkbs() {
        long skb = ops.allocSkb(128, false);
        ops.put(skb, bytes(20, 1));
        long page = ops.allocPage();
        ops.addFrag(skb, page, 0, 100);
        assertThat(v(skb).len()).isEqualTo(120);
        assertThat(v(skb).dataLen()).isEqualTo(100);
        refused(ErrorCode.NONLINEAR, () -> ops.put(skb, bytes(1, 1)));
        refused(ErrorCode.NONLINEAR, () -> ops.trim(skb, 10));
        ops.trim(skb, 500);
        refused(ErrorCode.NONLINEAR, () -> ops.pull(skb, 21));
        ops.pull(skb, 20);
        assertThat(v(skb).len()).isEqualTo(100);
        ops.free(skb);
    }

    @Test
    void badSizesAreRefused() {
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.allocSkb(-1, false));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.allocSkb(Kernel.KMALLOC_MAX_SIZE, false));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.devAllocSkb(-5));
        long skb = ops.allocSkb(0, false);
        assertThat(v(skb).end()).isZero();
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.reserve(skb, -1));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.pull(skb, -1));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.trim(skb, -1));
        ops.free(skb);
    }

    @Test
    void allocSkbFromCacheTakesTheHeadFromTheCallersCache() {
        int pages = ops.createCache("xen-pages", Kernel.PAGE_SIZE, Kernel.PAGE_SIZE, null, 0);
        long skb = ops.allocSkbFromCache(pages, 1500);
        assertThat(v(skb).headKind()).isEqualTo(HeadKind.CACHE);
        assertThat(v(skb).end()).isEqualTo(Kernel.skbDataAlign(1500));
        assertThat(v(skb).headCache()).isEqualTo(pages);
        assertThat(cache(pages).live()).isEqualTo(1);
        ops.free(skb);
        assertThat(cache(pages).live()).as("the head went back to the caller's cache").isZero();
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.allocSkbFromCache(SkbOps.FCLONE_CACHE, 64));
        int small = ops.createCache("small", 512, 0, null, 0);
        assertThat(refused(ErrorCode.CACHE_TOO_SMALL, () -> ops.allocSkbFromCache(small, 300)).getMessage())
                .contains("512").contains("320");
    }

    @Test
    void buildSkbWrapsACallerPageAndTakesItsReference() {
        long page = ops.allocPage();
        ops.getPage(page);
        long skb = ops.buildSkb(page, 0, 2048);
        assertThat(v(skb).headFrag()).isTrue();
        assertThat(v(skb).headKind()).isEqualTo(HeadKind.PAGE_FRAG);
        assertThat(v(skb).end()).isEqualTo(2048 - 320);
        assertThat(refused(ErrorCode.FRAG_RANGE, () -> ops.buildSkb(page, 1024, 2048)).invariant())
                .isEqualTo("I-FRAG-4");
        long second = ops.buildSkb(page, 2048, 2048);
        assertThat(v(second).head()).isEqualTo(2048);
        refused(ErrorCode.FREE_IN_USE, () -> ops.putPage(page));
        ops.put(skb, bytes(10, 4));
        ops.put(second, bytes(10, 5));
        assertThat(ops.linearBytes(skb)).isEqualTo(Bytes.copyOf(bytes(10, 4)));
        ops.free(skb);
        ops.getPage(page);
        long third = ops.buildSkb(page, 1024, 1024);
        ops.free(third);
        ops.free(second);
        assertThat(ops.snapshot().pages()).as("the page references went with the heads").isEmpty();
        long other = ops.allocPage();
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.buildSkb(other, 0, 100));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.buildSkb(other, 0, Kernel.PAGE_SIZE + 1));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.buildSkb(other, 32, 1024));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.buildSkb(other, 3072, 2048));
        ops.putPage(other);
    }
}
