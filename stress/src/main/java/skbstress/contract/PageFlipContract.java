package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skbstress.api.Bytes;
import skbstress.api.ErrorCode;
import skbstress.api.Kernel;
import skbstress.api.SkbOps;

/** The Xen page flip: I-FLIP-1..3. */
public abstract class PageFlipContract extends ContractBase {

    private int pageCache(int capacity) {
        return ops.createCache("xen-pages", Kernel.PAGE_SIZE, Kernel.PAGE_SIZE, null, capacity);
    }

    @Test
    void theDestinationSeesThePacketAndZerosElsewhere() {
        int pages = pageCache(1);
        long first = ops.allocSkbFromCache(pages, 3000);
        ops.put(first, filled(3000, 0xAA));
        long page1 = ops.dataObject(first);
        long flipped1 = ops.pageFlip(first, 1);
        assertThat(flipped1).isEqualTo(page1);
        ops.releaseFlipped(1, flipped1);

        long second = ops.allocSkbFromCache(pages, 1500);
        long page2 = ops.dataObject(second);
        assertThat(ops.readObject(0, page2).at(2000)).as("the cache reused the page; its old bytes are there")
                .isEqualTo((byte) 0xAA);
        ops.reserve(second, 64);
        ops.put(second, filled(100, 0x55));
        long flipped2 = ops.pageFlip(second, 2);
        Bytes seen = ops.readObject(2, flipped2);
        assertThat(seen.length()).isEqualTo(Kernel.PAGE_SIZE);
        for (int i = 0; i < seen.length(); i++) {
            assertThat(seen.at(i)).as("byte %d", i).isEqualTo(i >= 64 && i < 164 ? (byte) 0x55 : 0);
        }
        ops.releaseFlipped(2, flipped2);
    }

    @Test
    void afterTheFlipTheSourceCannotTouchThePage() {
        int pages = pageCache(0);
        long skb = ops.allocSkbFromCache(pages, 100);
        ops.put(skb, bytes(100, 1));
        long page = ops.dataObject(skb);
        ops.writeObject(0, page, 0, bytes(4, 2));
        long flipped = ops.pageFlip(skb, 3);
        assertThat(refused(ErrorCode.PAGE_NOT_OWNED, () -> ops.readObject(0, flipped)).invariant())
                .isEqualTo("I-FLIP-1");
        refused(ErrorCode.PAGE_NOT_OWNED, () -> ops.writeObject(0, flipped, 0, bytes(1, 1)));
        refused(ErrorCode.PAGE_NOT_OWNED, () -> ops.cacheFree(pages, flipped));
        refused(ErrorCode.PAGE_NOT_OWNED, () -> ops.releaseFlipped(1, flipped));
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.put(skb, bytes(1, 1)));
        refused(ErrorCode.DOUBLE_FREE, () -> ops.free(skb));
        ops.writeObject(3, flipped, 0, bytes(8, 3));
        ops.releaseFlipped(3, flipped);
        refused(ErrorCode.DOUBLE_FREE, () -> ops.releaseFlipped(3, flipped));
        assertThat(cache(pages).live()).isZero();
    }

    @Test
    void onlyAnExclusiveLinearOnePageSkbFlips() {
        int pages = pageCache(0);
        int big = ops.createCache("two-pages", 2 * Kernel.PAGE_SIZE, 0, null, 0);
        long skb = ops.allocSkbFromCache(pages, 100);
        ops.get(skb);
        refused(ErrorCode.FLIP_NOT_ELIGIBLE, () -> ops.pageFlip(skb, 1));
        ops.free(skb);
        long clone = ops.clone(skb);
        assertThat(refused(ErrorCode.FLIP_NOT_ELIGIBLE, () -> ops.pageFlip(skb, 1)).getMessage()).contains("cloned");
        ops.free(clone);
        long page = ops.allocPage();
        ops.addFrag(skb, page, 0, 10);
        refused(ErrorCode.FLIP_NOT_ELIGIBLE, () -> ops.pageFlip(skb, 1));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.pageFlip(skb, 0));
        ops.free(skb);
        long kmalloced = ops.allocSkb(100, false);
        refused(ErrorCode.FLIP_NOT_ELIGIBLE, () -> ops.pageFlip(kmalloced, 1));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.dataObject(kmalloced));
        ops.free(kmalloced);
        long twoPages = ops.allocSkbFromCache(big, 100);
        refused(ErrorCode.FLIP_NOT_ELIGIBLE, () -> ops.pageFlip(twoPages, 1));
        ops.free(twoPages);
    }

    @Test
    void aLocalObjectIsNotAFlippedPage() {
        int pages = pageCache(0);
        long obj = ops.cacheAlloc(pages);
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.releaseFlipped(0, obj));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.readObject(SkbOps.MAX_DOMAINS, obj));
        ops.cacheFree(pages, obj);
    }
}
