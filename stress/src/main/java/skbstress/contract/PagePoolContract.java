package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * page_pool recycling of skb pages (specs/pagepool.md, I-PP-1..4): a marked skb's pool pages go back to their
 * pool's cache when nothing else holds them, leave the pool when something does, and a destroyed pool ends after
 * its last page in flight.
 */
public abstract class PagePoolContract extends ContractBase {

    private Snapshot.Page page(long p) {
        return ops.snapshot().pages().get(p);
    }

    private Snapshot.Pool pool(long pool) {
        return ops.snapshot().pools().get(pool);
    }

    /** A marked skb with one frag: the whole of a new pool page's first 100 bytes. */
    private long markedSkbWith(long page) {
        long skb = ops.allocSkb(100, false);
        ops.markForRecycle(skb);
        ops.addFrag(skb, page, 0, 100);
        return skb;
    }

    @Test
    void freeingAMarkedSkbRecyclesItsPageIntoThePool() {
        long pool = ops.createPagePool(0);
        assertThat(pool(pool).capacity()).as("I-PP-1: pool_size 0 is the default").isEqualTo(1024);
        long p = ops.poolAllocPage(pool);
        assertThat(page(p).pool()).as("I-PP-1").isEqualTo(pool);
        assertThat(page(p).ppRefCount()).as("I-PP-2: the caller's pp reference").isEqualTo(1);
        assertThat(page(p).refcount()).as("I-PP-2: the pool's page reference").isEqualTo(1);
        assertThat(pool(pool).inFlight()).as("I-PP-1").isEqualTo(1);
        long skb = markedSkbWith(p);
        assertThat(v(skb).ppRecycle()).isTrue();
        assertThat(page(p).ppRefCount()).as("I-PP-2: the frag took the caller's pp reference").isEqualTo(1);
        refused(ErrorCode.FREE_IN_USE, () -> ops.poolPutPage(p));
        ops.free(skb);
        assertThat(pool(pool).cached()).as("I-PP-1: napi_pp_put_page recycled it").containsExactly(p);
        assertThat(pool(pool).inFlight()).as("I-PP-1").isZero();
        assertThat(page(p).ppRefCount()).as("I-PP-2").isZero();
        assertThat(page(p).refcount()).as("I-PP-2").isEqualTo(1);
        ops.destroyPagePool(pool);
        assertThat(ops.snapshot().pages()).as("I-PP-4: the cached page freed by the destroy").isEmpty();
        assertThat(ops.snapshot().pools()).as("I-PP-4: nothing in flight, the pool ended").isEmpty();
    }

    @Test
    void theNextAllocationReusesTheRecycledPage() {
        long pool = ops.createPagePool(4);
        long p1 = ops.poolAllocPage(pool);
        long p2 = ops.poolAllocPage(pool);
        ops.writePage(p1, 10, new byte[] {7, 8});
        ops.poolPutPage(p1);
        ops.poolPutPage(p2);
        assertThat(pool(pool).cached()).as("I-PP-1: the last recycled first").containsExactly(p2, p1);
        assertThat(ops.poolAllocPage(pool)).as("I-PP-1").isEqualTo(p2);
        assertThat(ops.poolAllocPage(pool)).as("I-PP-1").isEqualTo(p1);
        assertThat(page(p1).bytes().toArray()[10]).as("a recycled page is not cleared").isEqualTo((byte) 7);
        assertThat(page(p1).ppRefCount()).as("I-PP-2: handed out again with one pp reference").isEqualTo(1);
        long p3 = ops.poolAllocPage(pool);
        assertThat(p3).as("I-PP-1: an empty cache makes a new page").isNotIn(p1, p2);
        assertThat(pool(pool).inFlight()).as("I-PP-1").isEqualTo(3);
        ops.poolPutPage(p1);
        ops.poolPutPage(p2);
        ops.poolPutPage(p3);
        ops.destroyPagePool(pool);
    }

    @Test
    void aFullCacheReturnsThePage() {
        long pool = ops.createPagePool(1);
        long p1 = ops.poolAllocPage(pool);
        long p2 = ops.poolAllocPage(pool);
        ops.poolPutPage(p1);
        ops.poolPutPage(p2);
        assertThat(pool(pool).cached()).as("I-PP-1: one page fits").containsExactly(p1);
        assertThat(ops.snapshot().pages()).as("I-PP-1: the other was returned and freed").containsOnlyKeys(p1);
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.createPagePool(-1));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.createPagePool(SkbOps.PAGE_POOL_MAX_SIZE + 1));
        refused(ErrorCode.NOT_ALLOCATED, () -> ops.poolAllocPage(p1));
        ops.destroyPagePool(pool);
    }

    @Test
    void anUnmarkedSkbReleasesWithPutPage() {
        long pool = ops.createPagePool(0);
        long p = ops.poolAllocPage(pool);
        long skb = ops.allocSkb(100, false);
        refused(ErrorCode.FREE_IN_USE, () -> ops.addFrag(skb, p, 0, 100)); // a pp reference is no page reference
        refused(ErrorCode.FREE_IN_USE, () -> ops.putPage(p)); // nor is the pool's
        ops.getPage(p);
        ops.addFrag(skb, p, 0, 100);
        assertThat(page(p).refcount()).as("I-PP-2: the pool's and the frag's page references").isEqualTo(2);
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.markForRecycle(skb));
        ops.poolPutPage(p);
        assertThat(page(p).pool()).as("I-PP-2: the last pp reference with refcount 2: page_pool_return_page")
                .isZero();
        assertThat(page(p).refcount()).as("I-PP-1: the frag keeps it as an ordinary page").isEqualTo(1);
        assertThat(pool(pool).inFlight()).as("I-PP-1").isZero();
        assertThat(pool(pool).cached()).as("I-PP-2").isEmpty();
        ops.free(skb);
        assertThat(ops.snapshot().pages()).as("I-PP-1: put_page freed it").isEmpty();
        ops.destroyPagePool(pool);
    }

    @Test
    void aGetPageHolderKeepsThePageOutOfTheCache() {
        long pool = ops.createPagePool(0);
        long p = ops.poolAllocPage(pool);
        ops.getPage(p);
        ops.poolPutPage(p);
        assertThat(pool(pool).cached()).as("I-PP-2: never recycled while a get_page holder has it").isEmpty();
        assertThat(page(p).pool()).as("I-PP-2").isZero();
        assertThat(page(p).refcount()).as("I-PP-2").isEqualTo(1);
        ops.putPage(p);
        long q = ops.poolAllocPage(pool);
        ops.poolPutPage(q);
        assertThat(pool(pool).cached()).as("I-PP-2").containsExactly(q);
        refused(ErrorCode.FREE_IN_USE, () -> ops.getPage(q)); // the pool's alone
        refused(ErrorCode.FREE_IN_USE, () -> ops.poolPutPage(q));
        refused(ErrorCode.FREE_IN_USE, () -> ops.putPage(q));
        long ordinary = ops.allocPage();
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.poolPutPage(ordinary));
        ops.putPage(ordinary);
        ops.destroyPagePool(pool);
    }

    @Test
    void aCloneCopiesTheBitAndOnlyTheLastSharerRecycles() {
        for (boolean origFirst : new boolean[] {true, false}) {
            long pool = ops.createPagePool(0);
            long p = ops.poolAllocPage(pool);
            long skb = markedSkbWith(p);
            long clone = ops.clone(skb);
            assertThat(v(clone).ppRecycle()).as("I-PP-3: C(pp_recycle)").isTrue();
            ops.free(origFirst ? skb : clone);
            assertThat(pool(pool).cached()).as("I-PP-3: not the last dataref, nothing recycled").isEmpty();
            assertThat(page(p).ppRefCount()).as("I-PP-3").isEqualTo(1);
            ops.free(origFirst ? clone : skb);
            assertThat(pool(pool).cached()).as("I-PP-3: the last sharer recycled it once").containsExactly(p);
            ops.destroyPagePool(pool);
        }
        long pool = ops.createPagePool(0);
        long p = ops.poolAllocPage(pool);
        long skb = markedSkbWith(p);
        long clone = ops.clone(skb);
        ops.expandHead(skb, 0, 0);
        assertThat(v(skb).ppRecycle()).as("I-PP-3: skb_release_data cleared the re-headed sharer's bit").isFalse();
        assertThat(page(p).refcount()).as("I-PP-3: its new shared info holds a page reference").isEqualTo(2);
        ops.free(clone);
        assertThat(page(p).pool()).as("I-PP-2: last pp reference with refcount 2: returned").isZero();
        ops.free(skb);
        assertThat(ops.snapshot().pages()).as("I-PP-1").isEmpty();
        ops.destroyPagePool(pool);
    }

    @Test
    void pskbCopyKeepsThePageOutOfTheCacheAndItLeavesThePool() {
        for (boolean origFirst : new boolean[] {true, false}) {
            long pool = ops.createPagePool(0);
            long p = ops.poolAllocPage(pool);
            long skb = markedSkbWith(p);
            long copy = ops.pskbCopy(skb);
            assertThat(v(copy).ppRecycle()).as("I-PP-3: a copy is not marked").isFalse();
            assertThat(page(p).refcount()).as("I-PP-2: skb_frag_ref took a page reference").isEqualTo(2);
            assertThat(page(p).ppRefCount()).as("I-PP-2").isEqualTo(1);
            refused(ErrorCode.INVALID_ARGUMENT, () -> ops.markForRecycle(copy));
            ops.free(origFirst ? skb : copy);
            if (origFirst) {
                assertThat(page(p).pool()).as("I-PP-2: the copy still holds it: it leaves the pool").isZero();
                assertThat(page(p).refcount()).as("I-PP-1").isEqualTo(1);
            } else {
                assertThat(page(p).refcount()).as("I-PP-2: put_page of the copy's frag").isEqualTo(1);
                assertThat(page(p).pool()).as("I-PP-1").isEqualTo(pool);
            }
            ops.free(origFirst ? copy : skb);
            assertThat(pool(pool).cached()).as("I-PP-2").hasSize(origFirst ? 0 : 1);
            ops.destroyPagePool(pool);
            assertThat(ops.snapshot().pages()).as("I-PP-1").isEmpty();
        }
    }

    @Test
    void coalesceOfMarkedAndUnmarkedSkbsReturnsFalse() {
        long to = ops.allocSkb(1000, false);
        ops.markForRecycle(to);
        long from = ops.allocSkb(100, false);
        ops.put(from, new byte[] {1, 2, 3});
        Snapshot before = ops.snapshot();
        assertThat(ops.coalesce(to, from)).as("I-PP-3: to and from differ in pp_recycle").isFalse();
        assertThat(ops.snapshot()).as("I-PP-3: nothing changed").isEqualTo(before);
        ops.markForRecycle(from);
        assertThat(ops.coalesce(to, from)).as("I-PP-3: both marked: the tailroom copy").isTrue();
        ops.free(to);
    }

    @Test
    void coalesceFromAClonedMarkedSkbTakesPpReferences() {
        long pool = ops.createPagePool(0);
        long p = ops.poolAllocPage(pool);
        long o = ops.allocPage();
        long a = ops.allocSkb(100, false);
        ops.markForRecycle(a);
        ops.addFrag(a, p, 0, 1000);
        ops.addFrag(a, o, 0, 1000);
        long b = ops.clone(a);
        long c = ops.allocSkb(10, false);
        ops.markForRecycle(c);
        assertThat(ops.coalesce(c, b)).as("I-PP-3").isTrue();
        assertThat(page(p).ppRefCount()).as("I-PP-3: skb_pp_frag_ref took a pp reference").isEqualTo(2);
        assertThat(page(p).refcount()).as("I-PP-3: and no page reference").isEqualTo(1);
        assertThat(page(o).refcount()).as("I-PP-3: an ordinary page's is a page reference").isEqualTo(2);
        ops.free(a);
        assertThat(pool(pool).cached()).as("I-PP-2: c still holds a pp reference").isEmpty();
        ops.free(c);
        assertThat(pool(pool).cached()).as("I-PP-2: recycled by the last").containsExactly(p);
        ops.destroyPagePool(pool);
    }

    @Test
    void aStolenPoolHeadStaysWithTheMarkedReceiver() {
        long pool = ops.createPagePool(0);
        long p = ops.poolAllocPage(pool);
        long from = ops.buildSkb(p, 0, 2048);
        ops.put(from, new byte[1000]);
        long to = ops.allocSkb(0, false);
        ops.markForRecycle(to);
        assertThat(ops.coalesce(to, from)).as("I-PP-3: both marked, the head stolen").isTrue();
        assertThat(v(to).frags()).as("I-PP-3").hasSize(1);
        assertThat(page(p).ppRefCount()).as("I-PP-2: the head's pp reference became the frag's").isEqualTo(1);
        for (int i = 0; i < 4; i++) { // a struct reused after a marked life starts unmarked
            long next = ops.allocSkb(64, i % 2 == 0);
            assertThat(v(next).ppRecycle()).as("I-PP-3: a new skb is not marked").isFalse();
            ops.free(next);
        }
        ops.free(to);
        assertThat(pool(pool).cached()).as("I-PP-1: recycled by the receiver's release").containsExactly(p);
        ops.destroyPagePool(pool);
    }

    @Test
    void destroyWithPagesInFlightEndsAfterTheLast() {
        long pool = ops.createPagePool(0);
        long p1 = ops.poolAllocPage(pool);
        long p2 = ops.poolAllocPage(pool);
        ops.poolPutPage(p2);
        long head = ops.buildSkb(p1, 0, 2048);
        assertThat(v(head).ppRecycle()).as("I-PP-3: build_skb of a pool page marks the skb").isTrue();
        ops.destroyPagePool(pool);
        assertThat(pool(pool).destroyed()).as("I-PP-4").isTrue();
        assertThat(pool(pool).inFlight()).as("I-PP-4: one page in flight").isEqualTo(1);
        assertThat(ops.snapshot().pages()).as("I-PP-4: the cached page freed").containsOnlyKeys(p1);
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.poolAllocPage(pool));
        refused(ErrorCode.DOUBLE_FREE, () -> ops.destroyPagePool(pool));
        ops.free(head);
        assertThat(ops.snapshot().pools()).as("I-PP-4: ended with its last page").isEmpty();
        assertThat(ops.snapshot().pages()).as("I-PP-4: the page in flight returned and freed").isEmpty();
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.poolAllocPage(pool));
    }
}
