package skbstress.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import skbstress.api.SkbConfig;
import skbstress.impl.slab.HandleWord;
import skbstress.impl.slab.SlabCache;

/**
 * slub_kunit's poison cases on the implementation's debug mode (P-SLAB-2), specs/conformance.md C-SLUB-2
 * and C-SLUB-3: a byte of a freed object overwritten behind the allocator's back (not through a handle,
 * which the contract cases show is refused) is found when the object is next handed out. SLUB counts two
 * errors for such a write (the report and its repair); here one allocation finds it, so one violation.
 */
class SlubPoisonConformanceTest {

    /** Frees one object of a new 64-byte cache in poison mode, writes {@code value} at {@code offset} of it. */
    private static int clobberAfterFree(SkbImpl ops, String name, int offset, byte value) {
        int c = ops.createCache(name, 64, 0, null, 0);
        long o = ops.cacheAlloc(c);
        ops.cacheFree(c, o);
        SlabCache cache = ops.slabCache(c);
        int i = HandleWord.index(o);
        assertThat(cache.bytesOf(i)[cache.byteOffset(i) + offset]).as("the freed byte is poison")
                .isEqualTo(SlabCache.POISON);
        cache.bytesOf(i)[cache.byteOffset(i) + offset] = value; // a write through a dangling pointer
        return c;
    }

    private static void assertFoundOnce(SkbImpl ops, int c, String id) {
        assertThat(ops.poisonViolations()).as("%s: nothing found before the next allocation", id).isZero();
        long again = ops.cacheAlloc(c);
        assertThat(ops.poisonViolations()).as("%s: the allocation that finds it counts one", id).isEqualTo(1);
        ops.cacheFree(c, again);
        long clean = ops.cacheAlloc(c);
        assertThat(ops.poisonViolations()).as("%s: an untouched free object passes", id).isEqualTo(1);
        ops.cacheFree(c, clean);
        assertThat(ops.leaks().leaks()).as("%s: nothing leaked", id).isEmpty();
        assertThat(ops.leaks().misuses()).as("%s: one report of the write after free", id).singleElement()
                .satisfies(m -> assertThat(m.kind()).isEqualTo(skbstress.api.LeakReport.POISON));
    }

    @Test
    @DisplayName("C-SLUB-2 slub_kunit test_first_word: 0x78 written to byte 0 of a freed object is found")
    void firstWord() {
        SkbImpl ops = new SkbImpl(SkbConfig.UNBOUNDED, true);
        int c = clobberAfterFree(ops, "TestSlub_1th_word_free", 0, (byte) 0x78);
        assertFoundOnce(ops, c, "C-SLUB-2");
    }

    @Test
    @DisplayName("C-SLUB-3 slub_kunit test_clobber_50th_byte: 0x9a written to byte 50 of a freed object is found")
    void fiftiethByte() {
        SkbImpl ops = new SkbImpl(SkbConfig.UNBOUNDED, true);
        int c = clobberAfterFree(ops, "TestSlub_50th_word_free", 50, (byte) 0x9a);
        assertFoundOnce(ops, c, "C-SLUB-3");
    }
}
