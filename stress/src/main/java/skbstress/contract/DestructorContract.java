package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.Snapshot.DestructorRun;

/** skb->destructor: I-DESTR-1. */
public abstract class DestructorContract extends ContractBase {

    @Test
    void runsOnceWhenTheStructDiesNotWhenTheDataDoes() {
        long skb = ops.allocSkb(100, false);
        ops.setDestructor(skb, 7);
        long clone = ops.clone(skb);
        assertThat(v(clone).destructor()).as("clones never inherit it").isZero();
        ops.get(skb);
        ops.free(skb);
        assertThat(ops.snapshot().destructorLog()).isEmpty();
        ops.free(skb);
        assertThat(ops.snapshot().destructorLog()).as("the struct died; the data lives on in the clone")
                .containsExactly(new DestructorRun(skb, 7));
        ops.free(clone);
        assertThat(ops.snapshot().destructorLog()).hasSize(1);
    }

    @Test
    void orphanRunsItEarlyAndOnlyOnce() {
        long skb = ops.allocSkb(100, false);
        ops.setDestructor(skb, 3);
        ops.orphan(skb);
        assertThat(v(skb).destructor()).isZero();
        ops.orphan(skb);
        ops.free(skb);
        assertThat(ops.snapshot().destructorLog()).containsExactly(new DestructorRun(skb, 3));
    }

    @Test
    void oneDestructorAtATime() {
        long skb = ops.allocSkb(100, false);
        ops.setDestructor(skb, 1);
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, () -> ops.setDestructor(skb, 2)).invariant())
                .isEqualTo("I-DESTR-1");
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.setDestructor(skb, 0));
        ops.free(skb);
    }
}
