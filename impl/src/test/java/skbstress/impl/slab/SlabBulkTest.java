package skbstress.impl.slab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** kmem_cache_alloc_bulk / kmem_cache_free_bulk: all or nothing, distinct objects, exact counts. */
class SlabBulkTest {

    @Test
    void aBulkOfDistinctObjectsAndItsFreeBalanceTheCounts() {
        SlabArena a = new SlabArena(false);
        SlabCache c = a.create("structs", 256, 64, null, 0, false, null);
        Magazine m = a.local().magazine(c.id);
        int[] out = new int[20];
        assertThat(SlabBulk.allocBulk(c, m, out, 2, 16)).isEqualTo(16);
        assertThat(Arrays.stream(out, 2, 18).distinct().count()).as("16 distinct objects").isEqualTo(16);
        assertThat(a.stats(c).allocated()).isEqualTo(16);
        SlabBulk.freeBulk(c, m, out, 10, 8);
        assertThat(a.stats(c).allocated()).as("the top 8 back").isEqualTo(8);
        SlabBulk.freeBulk(c, m, out, 2, 8);
        assertThat(a.stats(c).allocated()).isZero();
    }

    @Test
    void aBoundedCacheShortOfTheBulkGivesNoneAndKeepsItsObjects() {
        SlabArena a = new SlabArena(false);
        SlabCache c = a.create("bounded", 256, 64, null, 10, false, null);
        Magazine m = a.local().magazine(c.id);
        int held = c.allocUntracked(m);
        int[] out = new int[16];
        Arrays.fill(out, -7);
        assertThat(SlabBulk.allocBulk(c, m, out, 0, 16)).as("9 free, 16 asked: none").isZero();
        assertThat(a.stats(c).allocated()).as("nothing kept").isEqualTo(1);
        assertThat(a.stats(c).free()).isEqualTo(9);
        assertThat(SlabBulk.allocBulk(c, m, out, 0, 9)).as("exactly what is free").isEqualTo(9);
        assertThat(Arrays.stream(out, 0, 9).distinct().count()).isEqualTo(9);
        assertThat(Arrays.stream(out, 0, 9)).doesNotContain(held);
        assertThat(c.allocUntracked(m)).as("now empty").isEqualTo(-1);
        SlabBulk.freeBulk(c, m, out, 0, 9);
        c.freeUntracked(m, held);
        assertThat(a.stats(c).allocated()).isZero();
        assertThat(a.stats(c).free()).isEqualTo(10);
    }
}
