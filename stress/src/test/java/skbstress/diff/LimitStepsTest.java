package skbstress.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.impl.SkbImpl;

/** The limit steps reach their bound exactly, on both sides, and leave nothing behind. */
class LimitStepsTest {
    @Test
    void truesizeReachesIntMaxExactlyAndOneMoreIsRefused() {
        for (SkbOps ops : new SkbOps[] {skbstress.races.Races.model(), new SkbImpl()}) {
            String side = ops.getClass().getSimpleName();
            assertThatCode(() -> LimitSteps.truesizeToLimit(ops, 0)).as("%s: INT_MAX - 1", side).doesNotThrowAnyException();
            assertThatCode(() -> LimitSteps.truesizeToLimit(ops, 1)).as("%s: INT_MAX itself", side).doesNotThrowAnyException();
            SkbException e = catchThrowableOfType(SkbException.class, () -> LimitSteps.truesizeToLimit(ops, 2));
            assertThat(e).as("%s: INT_MAX + 1", side).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("truesize would be 2147483648");
            assertThat(ops.snapshot().liveObjects()).as("%s: everything freed", side).isZero();
        }
    }

    @Test
    void coalesceMergesUpToMaxSkbFragsExactly() {
        for (SkbOps ops : new SkbOps[] {skbstress.races.Races.model(), new SkbImpl()}) {
            String side = ops.getClass().getSimpleName();
            // head stolen: the stolen head is one more frag, and a merge of MAX_SKB_FRAGS frags is refused
            assertThat(LimitSteps.coalesceToLimit(ops, 0, true)).as("%s: steal, MAX - 1 frags", side).isTrue();
            assertThat(LimitSteps.coalesceToLimit(ops, 1, true)).as("%s: steal, MAX frags", side).isFalse();
            // nothing stolen: MAX_SKB_FRAGS frags merge, one more is refused
            assertThat(LimitSteps.coalesceToLimit(ops, 0, false)).as("%s: MAX frags", side).isTrue();
            assertThat(LimitSteps.coalesceToLimit(ops, 1, false)).as("%s: MAX + 1 frags", side).isFalse();
            assertThat(LimitSteps.coalesceToLimit(ops, 2, false)).as("%s: MAX + 2 frags", side).isFalse();
            assertThat(ops.snapshot().liveObjects()).as("%s: everything freed", side).isZero();
            assertThat(ops.snapshot().pages()).as("%s: every page freed", side).isEmpty();
        }
    }
}
