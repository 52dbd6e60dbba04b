package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skbstress.api.FcloneState;
import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;

/** Fast clones: I-FCLONE-1..5. */
public abstract class FcloneContract extends ContractBase {

    @Test
    void anOrigWithFcloneRefOneHandsOutSkb2() {
        long orig = ops.allocSkb(1500, true);
        long clone = ops.clone(orig);
        assertThat(v(clone).fclone()).isEqualTo(FcloneState.CLONE);
        assertThat(v(clone).pair()).isEqualTo(v(orig).pair());
        assertThat(v(orig).fcloneRef()).isEqualTo(2);
        assertThat(cache(SkbOps.HEAD_CACHE).live()).as("no struct from the head cache").isZero();
        ops.free(clone);
        assertThat(v(orig).fcloneRef()).isEqualTo(1);
        ops.free(orig);
        assertThat(cache(SkbOps.FCLONE_CACHE).live()).isZero();
    }

    @Test
    void whileSkb2IsBusyAClonesComesFromTheHeadCache() {
        long orig = ops.allocSkb(1500, true);
        long fast = ops.clone(orig);
        long slow = ops.clone(orig);
        long cloneOfClone = ops.clone(fast);
        assertThat(v(slow).fclone()).isEqualTo(FcloneState.UNAVAILABLE);
        assertThat(v(cloneOfClone).fclone()).isEqualTo(FcloneState.UNAVAILABLE);
        assertThat(cache(SkbOps.HEAD_CACHE).live()).isEqualTo(2);
        assertThat(v(orig).dataref()).isEqualTo(4);
        ops.free(slow);
        ops.free(cloneOfClone);
        ops.free(orig);
        assertThat(cache(SkbOps.FCLONE_CACHE).live()).as("ORIG gone, skb2 still in use").isEqualTo(1);
        assertThat(v(fast).fcloneRef()).isEqualTo(1);
        ops.free(fast);
        assertThat(cache(SkbOps.FCLONE_CACHE).live()).isZero();
    }

    @Test
    void skb2IsReusedOnceItsCloneIsFreed() {
        long orig = ops.allocSkb(1500, true);
        for (int round = 0; round < 3; round++) {
            long clone = ops.clone(orig);
            assertThat(v(clone).fclone()).isEqualTo(FcloneState.CLONE);
            ops.free(clone);
        }
        assertThat(cache(SkbOps.HEAD_CACHE).slabs()).as("never needed a head-cache struct").isZero();
        ops.free(orig);
    }

    @Test
    void thePairReturnsOnceWhicheverMemberGoesLast() {
        long orig = ops.allocSkb(100, true);
        long clone = ops.clone(orig);
        ops.free(orig);
        assertThat(v(clone).fcloneRef()).isEqualTo(1);
        assertThat(cache(SkbOps.FCLONE_CACHE).live()).isEqualTo(1);
        ops.free(clone);
        assertThat(cache(SkbOps.FCLONE_CACHE).live()).isZero();
    }

    @Test
    void aSlowCloneThatCannotGetAStructIsExhaustion() {
        reset(new SkbConfig(1, 0, 0, 0));
        long orig = ops.allocSkb(100, true);
        long fast = ops.clone(orig);
        long slow = ops.clone(orig);
        refused(skbstress.api.ErrorCode.EXHAUSTED, () -> ops.clone(orig));
        ops.free(slow);
        ops.free(fast);
        ops.free(orig);
    }
}
