package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skbstress.api.Bytes;
import skbstress.api.ErrorCode;
import skbstress.api.FcloneState;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.KernelProfile;
import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/** Allocation and head/data/tail/end: I-GEOM-1..6, I-USERS-1; the named kernel's geometry, and the seeds' as a profile. */
public abstract class GeometryContract extends ContractBase {

    /** The built-in cache a head for {@code dataSize} bytes comes from in the instance's profile. */
    int headCacheFor(int dataSize) {
        return ops.profile().headCache(dataSize);
    }

    @Test
    void allocSkbPutsSharedInfoAtTheEndOfTheWholeHeadObject() {
        long skb = ops.allocSkb(100, false);
        Snapshot.Skb s = v(skb);
        assertThat(s.head()).isZero();
        assertThat(s.data()).isZero();
        assertThat(s.tail()).isZero();
        assertThat(s.len()).isZero();
        assertThat(s.users()).as("I-USERS-1").isEqualTo(1);
        assertThat(s.dataref()).isEqualTo(1);
        assertThat(s.fclone()).isEqualTo(FcloneState.UNAVAILABLE);
        assertThat(s.headKind()).isEqualTo(HeadKind.KMALLOC);
        assertThat(s.bufferSize()).as("I-GEOM-5: SKB_HEAD_ALIGN(100) = 448 fits skbuff_small_head").isEqualTo(704);
        assertThat(s.end()).as("I-GEOM-5: SKB_WITH_OVERHEAD(704)").isEqualTo(384);
        assertThat(s.truesize()).as("I-GEOM-5: SKB_TRUESIZE(384)").isEqualTo(384 + 256 + 320);
        assertThat(cache(SkbOps.HEAD_CACHE).live()).isEqualTo(1);
        assertThat(cache(SkbOps.SMALL_HEAD_CACHE).live()).isEqualTo(1);
        assertThat(ops.free(skb)).isTrue();
        assertThat(cache(SkbOps.HEAD_CACHE).live()).isZero();
        assertThat(cache(SkbOps.SMALL_HEAD_CACHE).live()).isZero();
    }

    /** alloc_skb(1500) in Linux 6.12: kmalloc-2048, the 320 bytes of slack become tailroom. */
    @Test
    void allocSkb1500GivesTheNamedKernelsEndAndTruesize() {
        assertThat(ops.profile()).isEqualTo(KernelProfile.LINUX_6_12);
        long skb = ops.allocSkb(1500, false);
        assertThat(v(skb).end()).as("I-GEOM-5: SKB_WITH_OVERHEAD(kmalloc-2048)").isEqualTo(1728);
        assertThat(v(skb).truesize()).as("I-GEOM-5: SKB_TRUESIZE(1728)").isEqualTo(2304);
        assertThat(v(skb).bufferSize()).isEqualTo(2048);
        ops.put(skb, bytes(1700, 1));
        ops.put(skb, bytes(28, 2));
        assertThat(v(skb).tail()).as("tail == end is allowed").isEqualTo(1728);
        assertThat(refused(ErrorCode.SKB_OVER, () -> ops.put(skb, bytes(1, 3))).invariant()).isEqualTo("I-GEOM-1");
        ops.free(skb);
    }

    /** The same call in the seed documents' kernel: end = SKB_DATA_ALIGN(1500), truesize without the shared info. */
    @Test
    void allocSkb1500GivesTheSeedsEndAndTruesizeInTheSeedProfile() {
        reset(SkbConfig.SEED);
        assertThat(ops.profile()).isEqualTo(KernelProfile.SEED_2_6);
        long skb = ops.allocSkb(1500, false);
        assertThat(v(skb).end()).as("I-GEOM-5: SKB_DATA_ALIGN(1500)").isEqualTo(1536);
        assertThat(v(skb).truesize()).as("I-GEOM-5: 1536 + sizeof(struct sk_buff)").isEqualTo(1536 + 232);
        assertThat(v(skb).bufferSize()).as("1536 + 320 from kmalloc-2048, the slack unused").isEqualTo(2048);
        assertThat(cache(SkbOps.SMALL_HEAD_CACHE).live()).as("no small-head cache in 2.6").isZero();
        assertThat(refused(ErrorCode.SKB_OVER, () -> ops.put(skb, bytes(1700, 1))).invariant()).isEqualTo("I-GEOM-1");
        ops.free(skb);
    }

    /** size, end, truesize, head object of alloc_skb(size) in Linux 6.12 (x86-64 defconfig, 6.12.17+), from kmalloc_reserve. */
    private static final int[][] NAMED_KERNEL_SIZES = {{0, 384, 960, 704}, {1, 384, 960, 704}, {256, 384, 960, 704},
        {384, 384, 960, 704}, {385, 704, 1280, 1024}, {500, 704, 1280, 1024}, {1000, 1728, 2304, 2048},
        {1728, 1728, 2304, 2048}, {1729, 3776, 4352, 4096}, {3000, 3776, 4352, 4096}, {4000, 7872, 8448, 8192},
        {8000, 16064, 16640, 16384}};

    @Test
    void allocSkbSizesInTheNamedKernel() {
        for (int[] row : NAMED_KERNEL_SIZES) {
            int size = row[0];
            long skb = ops.allocSkb(size, false);
            assertThat(v(skb).end()).as("I-GEOM-5 end of alloc_skb(%d)", size).isEqualTo(row[1]);
            assertThat(v(skb).truesize()).as("I-GEOM-5 truesize of alloc_skb(%d)", size).isEqualTo(row[2]);
            assertThat(v(skb).bufferSize()).as("head object of alloc_skb(%d)", size).isEqualTo(row[3]);
            assertThat(cache(headCacheFor(size)).live()).isEqualTo(1);
            long fast = ops.allocSkb(size, true);
            assertThat(v(fast).end()).as("I-GEOM-5: a fast-clone skb of %d has the same head", size).isEqualTo(row[1]);
            assertThat(v(fast).truesize()).as("I-GEOM-5: its second struct is not charged").isEqualTo(row[2]);
            ops.free(skb);
            ops.free(fast);
        }
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

    /** __netdev_alloc_skb in 6.12: a page fragment of SKB_HEAD_ALIGN(1500 + 64) = 1920 bytes. */
    @Test
    void devAllocSkbTakesAPageFragmentHeadInTheNamedKernel() {
        long skb = ops.devAllocSkb(1500);
        Snapshot.Skb s = v(skb);
        assertThat(s.headKind()).as("I-GEOM-6").isEqualTo(HeadKind.PAGE_FRAG);
        assertThat(s.headFrag()).isTrue();
        assertThat(s.data() - s.head()).as("NET_SKB_PAD").isEqualTo(64);
        assertThat(s.end() - s.head()).as("I-GEOM-6: SKB_WITH_OVERHEAD(1920)").isEqualTo(1600);
        assertThat(s.truesize()).as("I-GEOM-5: SKB_TRUESIZE(1600)").isEqualTo(2176);
        Snapshot.Page page = ops.snapshot().pages().get(s.headOwner());
        assertThat(page.refcount()).as("I-GEOM-6: the head owns the page's only reference").isEqualTo(1);
        refused(ErrorCode.FREE_IN_USE, () -> ops.putPage(s.headOwner()));
        long aligned = ops.devAllocSkbIpAlign(1500);
        assertThat(v(aligned).data() - v(aligned).head()).as("NET_IP_ALIGN is 0 on x86-64").isEqualTo(64);
        long small = ops.devAllocSkb(100);
        assertThat(v(small).headKind()).as("I-GEOM-6: 164 <= 384, from __alloc_skb").isEqualTo(HeadKind.KMALLOC);
        assertThat(v(small).end()).as("I-GEOM-6: a small head").isEqualTo(384);
        long big = ops.devAllocSkb(3713);
        assertThat(v(big).headKind()).as("I-GEOM-6: 3777 > SKB_WITH_OVERHEAD(4096)").isEqualTo(HeadKind.KMALLOC);
        assertThat(v(big).end()).isEqualTo(7872);
        long largestFrag = ops.devAllocSkb(3712);
        assertThat(v(largestFrag).headKind()).as("I-GEOM-6: 3776 still fits a page").isEqualTo(HeadKind.PAGE_FRAG);
        assertThat(v(largestFrag).end()).isEqualTo(3776);
        ops.put(skb, bytes(1536, 1));
        assertThat(ops.free(skb)).isTrue();
        ops.free(aligned);
        ops.free(small);
        ops.free(big);
        ops.free(largestFrag);
        assertThat(ops.snapshot().pages()).as("the pages went with the heads").isEmpty();
    }

    @Test
    void devAllocSkbReservesNetSkbPadInTheSeedProfile() {
        reset(SkbConfig.SEED);
        long skb = ops.devAllocSkb(1500);
        assertThat(v(skb).headKind()).as("I-GEOM-6: every 2.6 head from kmalloc").isEqualTo(HeadKind.KMALLOC);
        assertThat(v(skb).data() - v(skb).head()).as("NET_SKB_PAD of 2.6").isEqualTo(16);
        assertThat(v(skb).end()).isEqualTo(Kernel.skbDataAlign(1500 + 16));
        long aligned = ops.devAllocSkbIpAlign(1500);
        assertThat(v(aligned).data()).as("NET_SKB_PAD + NET_IP_ALIGN").isEqualTo(16 + 2);
        ops.free(skb);
        ops.free(aligned);
    }

    @Test
    void devAllocSkbPageFragmentsCountAgainstBoundedPages() {
        reset(new SkbConfig(0, 0, 0, 1));
        long skb = ops.devAllocSkb(1500);
        assertThat(refused(ErrorCode.EXHAUSTED, () -> ops.devAllocSkb(1500)).getMessage()).contains("dev_alloc_skb");
        long kmalloc = ops.devAllocSkb(100);
        ops.free(skb);
        ops.free(kmalloc);
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
        ops.put(skb, bytes(380, 1));
        assertThat(refused(ErrorCode.SKB_OVER, () -> ops.put(skb, bytes(5, 2))).getMessage())
                .contains("tail 385").contains("end 384").contains("I-GEOM-1");
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
        refused(ErrorCode.SKB_OVER, () -> ops.reserve(empty, 385));
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
        assertThat(v(skb).end()).as("a small head even for 0 bytes").isEqualTo(384);
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
        assertThat(v(skb).end()).as("I-GEOM-5: SKB_DATA_ALIGN(1500) in every profile").isEqualTo(1536);
        assertThat(v(skb).truesize()).as("I-GEOM-5").isEqualTo(ops.profile().truesize(1536));
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
