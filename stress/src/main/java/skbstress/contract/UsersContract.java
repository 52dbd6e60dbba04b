package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.Refcount;
import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/** users with refcount_t semantics: I-USERS-1..5, I-REF-1, I-REF-2. */
public abstract class UsersContract extends ContractBase {

    @Test
    void theLastFreeReleasesAndOnlyIt() {
        long skb = ops.allocSkb(100, false);
        ops.get(skb);
        assertThat(v(skb).users()).isEqualTo(2);
        assertThat(ops.free(skb)).as("users 2 -> 1").isFalse();
        assertThat(v(skb).users()).isEqualTo(1);
        assertThat(ops.consume(skb)).as("the sole owner releases without a decrement").isTrue();
        assertThat(ops.snapshot().skbs()).isEmpty();
    }

    @Test
    void aReleasedSkbCannotBeFreedOrUsedAgain() {
        long skb = ops.allocSkb(100, false);
        ops.free(skb);
        assertThat(refused(ErrorCode.DOUBLE_FREE, () -> ops.free(skb)).invariant()).isEqualTo("I-USERS-2");
        refused(ErrorCode.DOUBLE_FREE, () -> ops.consume(skb));
        assertThat(refused(ErrorCode.USE_AFTER_FREE, () -> ops.get(skb)).getMessage()).contains("from 0");
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.view(skb));
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.put(skb, bytes(1, 1)));
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.clone(skb));
    }

    @Test
    void handlesNeverHandedOutAreRefused() {
        assertThat(ops.free(SkbOps.NULL)).as("kfree_skb(NULL) does nothing").isFalse();
        assertThat(ops.consume(SkbOps.NULL)).isFalse();
        refused(ErrorCode.NOT_ALLOCATED, () -> ops.get(0x7777_0000_1234L));
        long page = ops.allocPage();
        refused(ErrorCode.NOT_ALLOCATED, () -> ops.free(page));
        ops.putPage(page);
    }

    @Test
    void shareCheckReplacesASharedSkbByAClone() {
        long skb = ops.allocSkb(100, false);
        assertThat(ops.shareCheck(skb)).as("not shared: the same skb").isEqualTo(skb);
        ops.put(skb, bytes(10, 1));
        ops.get(skb);
        long mine = ops.shareCheck(skb);
        assertThat(mine).isNotEqualTo(skb);
        assertThat(v(mine).users()).as("I-USERS-5").isEqualTo(1);
        assertThat(v(skb).users()).as("the caller's reference was consumed").isEqualTo(1);
        assertThat(ops.cloned(mine)).isTrue();
        assertThat(ops.linearBytes(mine)).isEqualTo(ops.linearBytes(skb));
        ops.free(skb);
        ops.free(mine);
    }

    @Test
    void unshareReplacesClonedDataByAPrivateCopy() {
        long skb = ops.allocSkb(100, false);
        ops.put(skb, bytes(30, 2));
        assertThat(ops.unshare(skb)).isEqualTo(skb);
        long clone = ops.clone(skb);
        long mine = ops.unshare(clone);
        assertThat(mine).isNotEqualTo(clone);
        assertThat(ops.cloned(mine)).as("I-USERS-5").isFalse();
        assertThat(v(mine).users()).isEqualTo(1);
        assertThat(ops.linearBytes(mine)).isEqualTo(ops.linearBytes(skb));
        assertThat(v(skb).dataref()).as("the clone's data reference went with it").isEqualTo(1);
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.view(clone));
        ops.free(skb);
        ops.free(mine);
    }

    @Test
    void shareCheckThatCannotCloneDropsTheReferenceAndReturnsNull() {
        reset(new SkbConfig(1, 0, 0, 0));
        long skb = ops.allocSkb(100, false);
        ops.get(skb);
        assertThat(ops.shareCheck(skb)).isEqualTo(SkbOps.NULL);
        assertThat(v(skb).users()).isEqualTo(1);
        ops.free(skb);
    }

    @Test
    void incrementsPastTheMaximumSaturateAndLeak() {
        expectLeak();
        long skb = ops.allocSkb(64, false);
        ops.getMany(skb, Refcount.MAX - 1);
        assertThat(v(skb).users()).isEqualTo(Refcount.MAX);
        assertThat(ops.snapshot().warnings()).isEmpty();
        ops.get(skb);
        assertThat(v(skb).users()).isEqualTo(Refcount.SATURATED);
        Snapshot.Warning w = ops.snapshot().warnings().get(0);
        assertThat(w.code()).isEqualTo(ErrorCode.REFCOUNT_SATURATED);
        assertThat(w.invariant()).isEqualTo("I-REF-2");
        assertThat(w.message()).contains("2147483647").contains("leaked");
        assertThat(ops.free(skb)).as("a saturated skb is never freed").isFalse();
        assertThat(ops.free(skb)).isFalse();
        assertThat(v(skb).users()).isEqualTo(Refcount.SATURATED);
        assertThat(cache(SkbOps.HEAD_CACHE).live()).as("leaked, not freed").isEqualTo(1);
        assertThat(ops.snapshot().warnings()).hasSize(3);
    }

    @Test
    void getManyAtOnceSaturatesToo() {
        expectLeak();
        long skb = ops.allocSkb(64, false);
        ops.getMany(skb, Refcount.MAX);
        assertThat(v(skb).users()).isEqualTo(Refcount.SATURATED);
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.getMany(skb, 0));
    }
}
