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
}
