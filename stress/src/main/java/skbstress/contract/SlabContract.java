package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.Kernel;
import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/** kmem_cache: I-SLAB-1, I-SLAB-6..9, I-FCLONE-5. */
public abstract class SlabContract extends ContractBase {

    @Test
    void allocAndFreeAreCountedExactly() {
        int c = ops.createCache("objs", 100, 0, null, 0);
        assertThat(c).isEqualTo(SkbOps.FIRST_USER_CACHE);
        long a = ops.cacheAlloc(c);
        long b = ops.cacheAlloc(c);
        Snapshot.Cache s = cache(c);
        assertThat(s.live()).isEqualTo(2);
        assertThat(s.slabs()).isEqualTo(1);
        assertThat(s.live() + s.free()).as("one slab of 104-byte objects").isEqualTo(Kernel.objectsPerSlab(104));
        ops.cacheFree(c, a);
        ops.cacheFree(c, b);
        assertThat(cache(c).live()).isZero();
    }

    @Test
    void aFreedObjectComesBackWithItsOldBytes() {
        int c = ops.createCache("objs", 64, 0, null, 0);
        long a = ops.cacheAlloc(c);
        ops.writeObject(0, a, 0, bytes(8, 1));
        ops.cacheFree(c, a);
        long again = ops.cacheAlloc(c);
        assertThat(again).as("a new handle for the reused object").isNotEqualTo(a);
        assertThat(ops.readObject(0, again).toArray()).startsWith(bytes(8, 1));
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.readObject(0, a));
        ops.cacheFree(c, again);
    }

    @Test
    void theConstructorRunsOncePerObjectWhenItsSlabIsMade() {
        List<Integer> calls = new ArrayList<>();
        int c = ops.createCache("ctor", Kernel.PAGE_SIZE, 0, mem -> {
            mem.put(0, (byte) 42);
            calls.add(1);
        }, 0);
        int perSlab = Kernel.objectsPerSlab(Kernel.PAGE_SIZE);
        List<Long> objs = new ArrayList<>();
        for (int i = 0; i <= perSlab; i++) {
            objs.add(ops.cacheAlloc(c));
        }
        assertThat(cache(c).slabs()).isEqualTo(2);
        assertThat(cache(c).ctorRuns()).isEqualTo(2 * perSlab);
        assertThat(calls).hasSize(2 * perSlab);
        ops.writeObject(0, objs.get(0), 0, new byte[] {7});
        ops.cacheFree(c, objs.get(0));
        long again = ops.cacheAlloc(c);
        assertThat(ops.readObject(0, again).at(0)).as("not constructed again").isEqualTo((byte) 7);
        assertThat(ops.readObject(0, objs.get(1)).at(0)).isEqualTo((byte) 42);
        assertThat(cache(c).ctorRuns()).isEqualTo(2 * perSlab);
        objs.set(0, again);
        for (long o : objs) {
            ops.cacheFree(c, o);
        }
    }

    @Test
    void freesOfTheWrongKindAreRefused() {
        int c1 = ops.createCache("one", 64, 0, null, 0);
        int c2 = ops.createCache("two", 64, 0, null, 0);
        long a = ops.cacheAlloc(c1);
        assertThat(refused(ErrorCode.WRONG_CACHE, () -> ops.cacheFree(c2, a)).getMessage()).contains("one")
                .contains("two");
        refused(ErrorCode.NOT_ALLOCATED, () -> ops.cacheFree(c1, 0x1234L));
        long skb = ops.allocSkb(10, false);
        refused(ErrorCode.NOT_ALLOCATED, () -> ops.cacheFree(SkbOps.HEAD_CACHE, skb));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.cacheFree(999, a));
        ops.cacheFree(c1, a);
        refused(ErrorCode.DOUBLE_FREE, () -> ops.cacheFree(c1, a));
        ops.free(skb);
    }

    @Test
    void anSkbHeadIsFreedWithItsSkbOnly() {
        int pages = ops.createCache("pages", Kernel.PAGE_SIZE, 0, null, 0);
        long skb = ops.allocSkbFromCache(pages, 100);
        long head = ops.dataObject(skb);
        assertThat(refused(ErrorCode.FREE_IN_USE, () -> ops.cacheFree(pages, head)).getMessage()).contains("skb head");
        ops.free(skb);
        refused(ErrorCode.DOUBLE_FREE, () -> ops.cacheFree(pages, head));
    }

    @Test
    void aBoundedCacheReportsExhaustionAndStaysIntact() {
        int c = ops.createCache("bounded", 64, 0, null, 2);
        long a = ops.cacheAlloc(c);
        long b = ops.cacheAlloc(c);
        assertThat(refused(ErrorCode.EXHAUSTED, () -> ops.cacheAlloc(c)).invariant()).isEqualTo("I-SLAB-7");
        assertThat(cache(c).live() + cache(c).free()).isEqualTo(2);
        ops.cacheFree(c, a);
        long again = ops.cacheAlloc(c);
        ops.cacheFree(c, again);
        ops.cacheFree(c, b);
    }

    @Test
    void exhaustedBuiltInCachesLeakNothing() {
        reset(new SkbConfig(1, 2, 1, 1));
        long skb = ops.allocSkb(100, false);
        refused(ErrorCode.EXHAUSTED, () -> ops.allocSkb(100, false));
        long pair = ops.allocSkb(2000, true);
        assertThat(refused(ErrorCode.EXHAUSTED, () -> ops.allocSkb(2000, true)).getMessage())
                .as("a pair is free, its head is not").contains("kmalloc-4096");
        assertThat(cache(SkbOps.FCLONE_CACHE).live()).isEqualTo(1);
        long page = ops.allocPage();
        refused(ErrorCode.EXHAUSTED, () -> ops.allocPage());
        ops.putPage(page);
        ops.free(skb);
        ops.free(pair);
    }

    @Test
    void badCacheParametersAreRefused() {
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.createCache("", 64, 0, null, 0));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.createCache("zero", 0, 0, null, 0));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.createCache("huge", Kernel.MAX_OBJECT_SIZE + 1, 0, null, 0));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.createCache("align", 64, 48, null, 0));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.createCache("cap", 64, 0, null, -1));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.cacheAlloc(-1));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.cacheAlloc(SkbOps.HEAD_CACHE));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.cacheAlloc(SkbOps.FCLONE_CACHE));
    }
}
