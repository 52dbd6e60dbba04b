package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.FcloneState;
import skbstress.api.HeadKind;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * The per-CPU NAPI skb cache of Linux 6.12 (specs/napi.md): bulk refill, half flush, the fclone and budget 0
 * bypasses, what the head cache counts, dead handles of cached structs, napi_alloc_skb's heads. Every test
 * drains the caches it used before the leak check.
 */
public abstract class NapiContract extends ContractBase {

    private int headLive() {
        return cache(SkbOps.HEAD_CACHE).live();
    }

    private void drainAll() {
        for (int cpu = 0; cpu < SkbOps.NAPI_CPUS; cpu++) {
            ops.napiCacheDrain(cpu);
        }
    }

    @Test
    void allocFromAnEmptyCacheTakesABulkAndLeavesFifteen() {
        long skb = ops.napiAllocSkb(1, 100);
        Snapshot s = ops.snapshot();
        assertThat(s.napiCached()).as("I-NAPI-3: a bulk of 16, the top one taken").containsExactly(0, 15, 0, 0);
        assertThat(s.caches().get(SkbOps.HEAD_CACHE).live()).as("I-NAPI-1: the whole bulk is live").isEqualTo(16);
        assertThat(s.skbs()).hasSize(1);
        long second = ops.napiAllocSkb(1, 100);
        assertThat(ops.snapshot().napiCached()).as("I-NAPI-3: no refill while one is cached")
                .containsExactly(0, 14, 0, 0);
        assertThat(headLive()).as("I-NAPI-1").isEqualTo(16);
        ops.napiConsumeSkb(skb, 1, 64);
        ops.napiConsumeSkb(second, 1, 64);
        assertThat(ops.snapshot().napiCached()).as("I-NAPI-3: both structs back on cpu 1")
                .containsExactly(0, 16, 0, 0);
        assertThat(headLive()).as("I-NAPI-1: cached structs stay allocated").isEqualTo(16);
        ops.napiCacheDrain(1);
        assertThat(headLive()).as("I-NAPI-1: drained").isZero();
    }

    @Test
    void consumeToAFullCacheGivesHalfBack() {
        long[] skbs = new long[SkbOps.NAPI_SKB_CACHE_SIZE];
        for (int i = 0; i < skbs.length; i++) {
            skbs[i] = ops.napiAllocSkb(0, 64);
        }
        assertThat(ops.snapshot().napiCached().get(0)).as("four bulks of 16, all taken").isZero();
        assertThat(headLive()).isEqualTo(64);
        for (int i = 0; i < skbs.length - 1; i++) {
            ops.napiConsumeSkb(skbs[i], 0, 64);
        }
        assertThat(ops.snapshot().napiCached().get(0)).as("I-NAPI-2: 63, one short of NAPI_SKB_CACHE_SIZE")
                .isEqualTo(63);
        ops.napiConsumeSkb(skbs[skbs.length - 1], 0, 64);
        Snapshot s = ops.snapshot();
        assertThat(s.napiCached()).as("I-NAPI-3: reaching 64 gave NAPI_SKB_CACHE_HALF back at once")
                .containsExactly(SkbOps.NAPI_SKB_CACHE_HALF, 0, 0, 0);
        assertThat(s.caches().get(SkbOps.HEAD_CACHE).live()).as("I-NAPI-1").isEqualTo(32);
        assertThat(s.skbs()).isEmpty();
        drainAll();
    }

    @Test
    void fclonesBypassTheCache() {
        long orig = ops.allocSkb(100, true);
        long clone = ops.clone(orig);
        assertThat(v(clone).fclone()).isEqualTo(FcloneState.CLONE);
        ops.napiConsumeSkb(clone, 2, 64);
        ops.napiConsumeSkb(orig, 2, 64);
        Snapshot s = ops.snapshot();
        assertThat(s.napiCached()).as("I-NAPI-3: __kfree_skb for fclones").containsExactly(0, 0, 0, 0);
        assertThat(s.caches().get(SkbOps.FCLONE_CACHE).live()).as("the pair went back to its cache").isZero();
        assertThat(s.caches().get(SkbOps.HEAD_CACHE).live()).isZero();
    }

    @Test
    void budgetZeroIsAnOrdinaryConsume() {
        long skb = ops.napiAllocSkb(3, 10);
        long plain = ops.allocSkb(10, false);
        ops.napiConsumeSkb(skb, 3, 0);
        ops.napiConsumeSkb(plain, 3, 0);
        Snapshot s = ops.snapshot();
        assertThat(s.napiCached()).as("I-NAPI-3: budget 0 is dev_consume_skb_any").containsExactly(0, 0, 0, 15);
        assertThat(s.caches().get(SkbOps.HEAD_CACHE).live()).as("I-NAPI-1: only the cached 15").isEqualTo(15);
        assertThat(s.skbs()).isEmpty();
        ops.napiConsumeSkb(SkbOps.NULL, 3, 64); // skb_unref(NULL): nothing
        drainAll();
    }

    @Test
    void aSharedSkbIsOnlyUnreffed() {
        long skb = ops.allocSkb(100, false);
        ops.put(skb, bytes(20, 1));
        ops.get(skb);
        ops.napiConsumeSkb(skb, 0, 64);
        assertThat(v(skb).users()).as("skb_unref only").isEqualTo(1);
        assertThat(ops.snapshot().napiCached()).as("I-NAPI-3: not the last reference").containsExactly(0, 0, 0, 0);
        long clone = ops.clone(skb);
        ops.napiConsumeSkb(clone, 0, 64);
        assertThat(ops.snapshot().napiCached()).as("I-NAPI-3: the clone's struct is cached, not its data")
                .containsExactly(1, 0, 0, 0);
        assertThat(ops.linearBytes(skb).toArray()).as("the original keeps the shared data").isEqualTo(bytes(20, 1));
        assertThat(v(skb).cloned()).isTrue();
        ops.napiConsumeSkb(skb, 0, 64);
        Snapshot s = ops.snapshot();
        assertThat(s.napiCached()).as("I-NAPI-3").containsExactly(2, 0, 0, 0);
        assertThat(s.caches().get(SkbOps.HEAD_CACHE).live()).as("I-NAPI-1").isEqualTo(2);
        drainAll();
    }

    @Test
    void aBoundedHeadCacheSmallerThanABulkFailsNapiAllocButNotAllocSkb() {
        reset(new SkbConfig(15, 0, 0, 0));
        SkbException e = refused(ErrorCode.EXHAUSTED, () -> ops.napiAllocSkb(0, 100));
        assertThat(e.invariant()).as("I-NAPI-1: kmem_cache_alloc_bulk is all or nothing").isEqualTo("I-NAPI-1");
        long skb = ops.allocSkb(100, false);
        assertThat(headLive()).as("one struct was there to take").isEqualTo(1);
        ops.free(skb);
        reset(new SkbConfig(16, 0, 0, 0));
        long first = ops.napiAllocSkb(0, 100);
        assertThat(headLive()).as("I-NAPI-1: the whole cache went into cpu 0's bulk").isEqualTo(16);
        assertRefused(ErrorCode.EXHAUSTED, () -> ops.allocSkb(100, false));
        long second = ops.napiAllocSkb(0, 100); // from cpu 0's cache: no slab needed
        refused(ErrorCode.EXHAUSTED, () -> ops.napiAllocSkb(1, 100));
        ops.napiConsumeSkb(first, 0, 64);
        ops.napiConsumeSkb(second, 0, 64);
        ops.napiCacheDrain(0);
        ops.free(ops.allocSkb(100, false));
    }

    @Test
    void handlesOfCachedStructsAreDeadAndReuseIsFresh() {
        long skb = ops.napiAllocSkb(0, 100);
        ops.put(skb, bytes(30, 2));
        ops.setDestructor(skb, 3);
        ops.extAdd(skb, 1, 5);
        ops.napiConsumeSkb(skb, 0, 64);
        assertThat(ops.snapshot().destructorLog()).as("skb_release_all ran the destructor").hasSize(1);
        assertThat(ops.snapshot().exts()).as("and put the extensions").isEmpty();
        assertThat(refused(ErrorCode.USE_AFTER_FREE, () -> ops.put(skb, bytes(1, 0))).invariant())
                .as("I-NAPI-4: a cached struct's last handle is dead").isEqualTo("I-USERS-3");
        refused(ErrorCode.DOUBLE_FREE, () -> ops.free(skb));
        refused(ErrorCode.DOUBLE_FREE, () -> ops.napiConsumeSkb(skb, 0, 64));
        long next = ops.napiAllocSkb(0, 100); // the struct just cached: the top of cpu 0's cache
        assertThat(next).as("I-NAPI-4: a new handle for the new life").isNotEqualTo(skb);
        Snapshot.Skb k = v(next);
        assertThat(k.users()).as("I-NAPI-4: users").isEqualTo(1);
        assertThat(k.len()).as("I-NAPI-4: no data").isZero();
        assertThat(k.destructor()).as("I-NAPI-4: no destructor").isZero();
        assertThat(k.ext()).as("I-NAPI-4: no extensions").isZero();
        assertThat(k.activeExt()).isZero();
        assertThat(k.cloned()).isFalse();
        assertThat(k.dataref()).as("I-NAPI-4: dataref").isEqualTo(1);
        assertThat(k.data() - k.head()).as("I-NAPI-4: NET_SKB_PAD + NET_IP_ALIGN reserved")
                .isEqualTo(ops.profile().netSkbPad() + ops.profile().netIpAlign());
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.get(skb));
        ops.napiConsumeSkb(next, 0, 64);
        drainAll();
    }

    @Test
    void drainLeavesNothingLive() {
        long[] skbs = new long[SkbOps.NAPI_CPUS];
        for (int cpu = 0; cpu < SkbOps.NAPI_CPUS; cpu++) {
            skbs[cpu] = ops.napiAllocSkb(cpu, 200 * cpu);
        }
        for (int cpu = 0; cpu < SkbOps.NAPI_CPUS; cpu++) {
            ops.napiConsumeSkb(skbs[cpu], (cpu + 1) % SkbOps.NAPI_CPUS, 8); // freed on another CPU than made
        }
        assertThat(ops.snapshot().napiCachedTotal()).as("I-NAPI-1: 4 bulks of 16, all back").isEqualTo(64);
        assertThat(headLive()).as("I-NAPI-1").isEqualTo(64);
        drainAll();
        ops.napiCacheDrain(2); // an empty cache drains to nothing
        Snapshot s = ops.snapshot();
        assertThat(s.napiCached()).as("I-NAPI-1: drained").containsExactly(0, 0, 0, 0);
        assertNothingLive(s);
    }

    @Test
    void cpusOutsideTheRangeAreRefused() {
        long skb = ops.allocSkb(10, false);
        for (int cpu : new int[] {-1, SkbOps.NAPI_CPUS, Integer.MIN_VALUE}) {
            assertThat(refused(ErrorCode.INVALID_ARGUMENT, () -> ops.napiAllocSkb(cpu, 10)).invariant())
                    .as("I-NAPI-2: cpu %d", cpu).isEqualTo("I-NAPI-2");
            refused(ErrorCode.INVALID_ARGUMENT, () -> ops.napiConsumeSkb(skb, cpu, 64));
            refused(ErrorCode.INVALID_ARGUMENT, () -> ops.napiCacheDrain(cpu));
        }
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.napiAllocSkb(0, -1));
        ops.free(skb);
    }

    /**
     * napi_alloc_skb's head for a few lengths (NET_SKB_PAD 64 added): 1 KiB fragments up to 704 bytes, fragments of
     * SKB_HEAD_ALIGN(len) up to 3776, then __alloc_skb's kmalloc head; end = SKB_WITH_OVERHEAD(the buffer),
     * truesize = SKB_TRUESIZE(end) = end + 256 + 320.
     */
    @Test
    void napiHeadGeometry() {
        int[][] cases = { // len, page fragment (1) or kmalloc (0), end, truesize
            {0, 1, 704, 1280}, {640, 1, 704, 1280}, {641, 1, 768, 1344}, {1500, 1, 1600, 2176},
            {3712, 1, 3776, 4352}, {3713, 0, 7872, 8448}};
        for (int[] c : cases) {
            long skb = ops.napiAllocSkb(2, c[0]);
            Snapshot.Skb k = v(skb);
            String w = "I-NAPI-4: napi_alloc_skb(" + c[0] + ")";
            assertThat(k.headKind()).as(w).isEqualTo(c[1] == 1 ? HeadKind.PAGE_FRAG : HeadKind.KMALLOC);
            assertThat(k.headFrag()).as(w + " head_frag").isEqualTo(c[1] == 1);
            assertThat(k.end() - k.head()).as(w + " end").isEqualTo(c[2]);
            assertThat(k.truesize()).as(w + " truesize").isEqualTo(c[3]);
            assertThat(k.data() - k.head()).as(w + " headroom").isEqualTo(64);
            assertThat(k.end() - k.tail()).as(w + " tailroom covers len").isGreaterThanOrEqualTo(c[0]);
            ops.napiConsumeSkb(skb, 2, 64);
        }
        assertThat(ops.snapshot().pages()).as("the fragments' pages went with their heads").isEmpty();
        reset(SkbConfig.SEED);
        long seed = ops.napiAllocSkb(0, 100);
        assertThat(v(seed).headKind()).as("I-NAPI-4: the seeds' profile has no NAPI fragments")
                .isEqualTo(HeadKind.KMALLOC);
        assertThat(v(seed).data() - v(seed).head()).as("NET_SKB_PAD 16 + NET_IP_ALIGN 2").isEqualTo(18);
        ops.napiConsumeSkb(seed, 0, 64);
        drainAll();
    }
}
