package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.Refcount;
import skbstress.api.SkbOps;

/**
 * The kernel's LKDTM refcount cases (drivers/misc/lkdtm/refcount.c, graded by the selftest's tests.txt), on
 * an skb's {@code users}: specs/conformance.md, C-LKDTM-1..10. Each bad step of LKDTM warns once; here each
 * one records exactly one warning. Where the kernel saturates on a count of 0, the model refuses the call
 * and changes nothing (an skb at 0 users is released); those cases state the adapted expectation.
 */
public abstract class LkdtmConformance extends ContractBase {

    /** An skb whose users is {@code users} (>= 1), reached with one refcount_add. */
    private long skbWithUsers(int users) {
        long skb = ops.allocSkb(64, false);
        if (users > 1) {
            ops.getMany(skb, users - 1);
        }
        assertThat(v(skb).users()).as("users at the start").isEqualTo(users);
        return skb;
    }

    /** A saturated skb, its one saturation warning recorded. */
    private long saturatedSkb() {
        expectLeak();
        long skb = ops.allocSkb(64, false);
        ops.getMany(skb, Refcount.MAX);
        assertThat(v(skb).users()).as("users after passing REFCOUNT_MAX").isEqualTo(Refcount.SATURATED);
        assertThat(warnings()).as("one warning for the step that saturated").isEqualTo(1);
        return skb;
    }

    private int warnings() {
        return ops.snapshot().warnings().size();
    }

    private void assertLastWarningIsSaturation() {
        var w = ops.snapshot().warnings();
        assertThat(w.get(w.size() - 1).code()).as("the warning's code").isEqualTo(ErrorCode.REFCOUNT_SATURATED);
    }

    @Test
    @DisplayName("C-LKDTM-1 lkdtm REFCOUNT_INC_OVERFLOW: MAX-1, dec, inc, inc reach MAX quietly; the next inc "
            + "saturates")
    void incOverflow() {
        expectLeak();
        long skb = skbWithUsers(Refcount.MAX - 1);
        assertThat(ops.free(skb)).as("C-LKDTM-1: the dec to MAX-2 frees nothing").isFalse();
        ops.get(skb);
        ops.get(skb);
        assertThat(v(skb).users()).as("C-LKDTM-1: two incs reach REFCOUNT_MAX").isEqualTo(Refcount.MAX);
        assertThat(warnings()).as("C-LKDTM-1: no warning up to MAX").isZero();
        ops.get(skb);
        assertThat(v(skb).users()).as("C-LKDTM-1: saturated").isEqualTo(Refcount.SATURATED);
        assertThat(warnings()).as("C-LKDTM-1: one warning, for the last inc").isEqualTo(1);
        assertLastWarningIsSaturation();
    }

    @Test
    @DisplayName("C-LKDTM-2 lkdtm REFCOUNT_ADD_OVERFLOW: MAX-1, four decs, add(4) back to MAX-1 quietly; add(4) "
            + "saturates")
    void addOverflow() {
        expectLeak();
        long skb = skbWithUsers(Refcount.MAX - 1);
        for (int i = 0; i < 4; i++) {
            assertThat(ops.free(skb)).as("C-LKDTM-2: dec %d frees nothing", i).isFalse();
        }
        assertThat(v(skb).users()).as("C-LKDTM-2: MAX-5").isEqualTo(Refcount.MAX - 5);
        ops.getMany(skb, 4);
        assertThat(v(skb).users()).as("C-LKDTM-2: add(4) to MAX-1").isEqualTo(Refcount.MAX - 1);
        assertThat(warnings()).as("C-LKDTM-2: no warning yet").isZero();
        ops.getMany(skb, 4);
        assertThat(v(skb).users()).as("C-LKDTM-2: add(4) past MAX saturates").isEqualTo(Refcount.SATURATED);
        assertThat(warnings()).as("C-LKDTM-2: exactly one warning").isEqualTo(1);
        assertLastWarningIsSaturation();
    }

    @Test
    @DisplayName("C-LKDTM-3 lkdtm REFCOUNT_INC_SATURATED: an inc of a saturated count stays saturated, one warning")
    void incSaturated() {
        long skb = saturatedSkb();
        ops.get(skb);
        assertThat(v(skb).users()).as("C-LKDTM-3: still saturated").isEqualTo(Refcount.SATURATED);
        assertThat(warnings()).as("C-LKDTM-3: one more warning").isEqualTo(2);
        assertLastWarningIsSaturation();
    }

    @Test
    @DisplayName("C-LKDTM-4 lkdtm REFCOUNT_ADD_SATURATED: add(8) to a saturated count stays saturated, one warning")
    void addSaturated() {
        long skb = saturatedSkb();
        ops.getMany(skb, 8);
        assertThat(v(skb).users()).as("C-LKDTM-4: still saturated").isEqualTo(Refcount.SATURATED);
        assertThat(warnings()).as("C-LKDTM-4: one more warning").isEqualTo(2);
        assertLastWarningIsSaturation();
    }

    @Test
    @DisplayName("C-LKDTM-5 lkdtm REFCOUNT_DEC_AND_TEST_SATURATED: dec_and_test of a saturated count is false, leaks")
    void decAndTestSaturated() {
        long skb = saturatedSkb();
        assertThat(ops.free(skb)).as("C-LKDTM-5: never true, never frees").isFalse();
        assertThat(v(skb).users()).as("C-LKDTM-5: still saturated").isEqualTo(Refcount.SATURATED);
        assertThat(warnings()).as("C-LKDTM-5: one more warning").isEqualTo(2);
        assertThat(cache(SkbOps.HEAD_CACHE).live()).as("C-LKDTM-5: the struct is leaked, not freed").isEqualTo(1);
    }

    @Test
    @DisplayName("C-LKDTM-6 lkdtm REFCOUNT_DEC_AND_TEST_NEGATIVE, adapted: a drop at 0 is refused (DOUBLE_FREE), "
            + "the kernel saturates")
    void decAndTestNegative() {
        long skb = ops.allocSkb(64, false);
        assertThat(ops.free(skb)).as("C-LKDTM-6: the last drop releases").isTrue();
        refused(ErrorCode.DOUBLE_FREE, () -> ops.free(skb));
        refused(ErrorCode.DOUBLE_FREE, () -> ops.consume(skb));
        assertThat(warnings()).as("C-LKDTM-6: refused, not warned").isZero();
    }

    @Test
    @DisplayName("C-LKDTM-7 lkdtm REFCOUNT_INC_ZERO, adapted: an inc at 0 is refused (USE_AFTER_FREE), the kernel "
            + "saturates")
    void incZero() {
        long skb = ops.allocSkb(64, false);
        ops.free(skb);
        assertThat(refused(ErrorCode.USE_AFTER_FREE, () -> ops.get(skb)).getMessage())
                .as("C-LKDTM-7: an addition on 0").contains("from 0");
        assertThat(warnings()).as("C-LKDTM-7: refused, not warned").isZero();
        assertThat(ops.snapshot().skbs()).as("C-LKDTM-7: nothing resurrected").isEmpty();
    }

    @Test
    @DisplayName("C-LKDTM-8 lkdtm REFCOUNT_ADD_ZERO, adapted: add(3) at 0 is refused (USE_AFTER_FREE), the kernel "
            + "saturates")
    void addZero() {
        long skb = ops.allocSkb(64, false);
        ops.consume(skb);
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.getMany(skb, 3));
        assertThat(warnings()).as("C-LKDTM-8: refused, not warned").isZero();
        assertThat(ops.snapshot().skbs()).as("C-LKDTM-8: nothing resurrected").isEmpty();
    }

    @Test
    @DisplayName("C-LKDTM-9 lkdtm REFCOUNT_TIMING, scaled: 1 + N incs, then drops; only the last one is true")
    void timing() {
        int n = 2000;
        long skb = ops.allocSkb(64, false);
        SkbOps fast = unchecked(); // 4,000 calls: the per-call checks would dominate
        for (int i = 0; i < n; i++) {
            fast.get(skb);
        }
        assertThat(v(skb).users()).as("C-LKDTM-9: 1 + N").isEqualTo(n + 1);
        int trues = 0;
        for (int i = 0; i < n; i++) {
            trues += fast.free(skb) ? 1 : 0;
        }
        assertThat(trues).as("C-LKDTM-9: no drop but the last is true").isZero();
        assertThat(ops.free(skb)).as("C-LKDTM-9: the last drop is true").isTrue();
        assertThat(warnings()).as("C-LKDTM-9: no warning").isZero();
    }

    @Test
    @DisplayName("C-LKDTM-10 refcount.h: a saturated count stays saturated under every operation and never frees")
    void saturatedStaysSaturated() {
        long skb = saturatedSkb();
        ops.get(skb);
        ops.getMany(skb, 1000);
        assertThat(ops.free(skb)).as("C-LKDTM-10: kfree_skb").isFalse();
        assertThat(ops.consume(skb)).as("C-LKDTM-10: consume_skb").isFalse();
        ops.getMany(skb, Refcount.MAX);
        assertThat(v(skb).users()).as("C-LKDTM-10: saturated after every step").isEqualTo(Refcount.SATURATED);
        assertThat(warnings()).as("C-LKDTM-10: one warning per step").isEqualTo(6);
        assertThat(cache(SkbOps.HEAD_CACHE).live()).as("C-LKDTM-10: leaked").isEqualTo(1);
    }
}
