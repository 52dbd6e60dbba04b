package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.SkbOps;

/**
 * The kernel's slub_kunit cases (lib/tests/slub_kunit.c, suite slub_test) that map to the operations:
 * specs/conformance.md, C-SLUB-1..4. SLUB finds a write after free from the poison left in the object;
 * through the operations such a write is refused at the handle, which died with the free (adapted). The
 * implementation's poison mode, which sees a write that bypasses the handle, is checked by
 * {@code SlubPoisonConformanceTest}.
 */
public abstract class SlabConformance extends ContractBase {

    /** A 64-byte cache, one object allocated, written, freed; the object's dead handle. */
    private long freedObject(int cache) {
        long o = ops.cacheAlloc(cache);
        ops.writeObject(SkbOps.LOCAL_DOMAIN, o, 0, filled(64, 0x11));
        ops.cacheFree(cache, o);
        return o;
    }

    @Test
    @DisplayName("C-SLUB-1 slub_kunit test_leak_destroy: an object allocated and never freed is reported as a leak")
    void aLeakIsReported() {
        int c = ops.createCache("TestSlub_leak_destroy", 64, 0, null, 0);
        long o = ops.cacheAlloc(c);
        assertThat(cache(c).live()).as("C-SLUB-1: the leaked object is counted").isEqualTo(1);
        assertThatThrownBy(() -> assertNothingLive(ops.snapshot())).as("C-SLUB-1: the end-of-test check reports it")
                .hasMessageContaining("live slab objects").hasMessageContaining("TestSlub_leak_destroy");
        ops.cacheFree(c, o);
    }

    @Test
    @DisplayName("C-SLUB-2 slub_kunit test_first_word, adapted: a write of 0x78 to byte 0 of a freed object is "
            + "refused (USE_AFTER_FREE), the object untouched")
    void writeToTheFirstWordAfterFree() {
        int c = ops.createCache("TestSlub_1th_word_free", 64, 0, null, 0);
        long o = freedObject(c);
        assertThat(refused(ErrorCode.USE_AFTER_FREE, () -> ops.writeObject(SkbOps.LOCAL_DOMAIN, o, 0,
                new byte[] {0x78})).invariant()).as("C-SLUB-2: the handle died with the free").isEqualTo("I-SLAB-9");
        long again = ops.cacheAlloc(c);
        assertThat(ops.readObject(SkbOps.LOCAL_DOMAIN, again).at(0)).as("C-SLUB-2: byte 0 as it was freed")
                .isEqualTo((byte) 0x11);
        ops.cacheFree(c, again);
    }

    @Test
    @DisplayName("C-SLUB-3 slub_kunit test_clobber_50th_byte, adapted: a write of 0x9a to byte 50 of a freed "
            + "object is refused (USE_AFTER_FREE), the object untouched")
    void writeToThe50thByteAfterFree() {
        int c = ops.createCache("TestSlub_50th_word_free", 64, 0, null, 0);
        long o = freedObject(c);
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.writeObject(SkbOps.LOCAL_DOMAIN, o, 50, new byte[] {(byte) 0x9a}));
        refused(ErrorCode.DOUBLE_FREE, () -> ops.cacheFree(c, o));
        long again = ops.cacheAlloc(c);
        assertThat(ops.readObject(SkbOps.LOCAL_DOMAIN, again).at(50)).as("C-SLUB-3: byte 50 as it was freed")
                .isEqualTo((byte) 0x11);
        ops.cacheFree(c, again);
    }

    @Test
    @DisplayName("C-SLUB-4 slub_kunit test_kmalloc_nolock_and_friends, one thread: rounds of allocations and frees "
            + "leave the cache exact")
    void roundsOfAllocAndFreeLeaveItExact() {
        int c = ops.createCache("TestSlub_nolock", 64, 0, null, 0);
        SkbOps fast = unchecked(); // 20,000 calls; the cache's accounting is asserted after each round
        long[] held = new long[100];
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < held.length; i++) {
                held[i] = fast.cacheAlloc(c);
            }
            assertThat(java.util.Arrays.stream(held).distinct().count()).as("C-SLUB-4: round %d, distinct", round)
                    .isEqualTo(held.length);
            for (long o : held) {
                fast.cacheFree(c, o);
            }
            assertThat(cache(c).live()).as("C-SLUB-4: round %d, nothing live", round).isZero();
        }
    }
}
