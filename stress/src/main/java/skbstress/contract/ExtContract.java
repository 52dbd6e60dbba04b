package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/** skb extensions: a refcounted skb_ext shared by clones and copies, copied before a write (I-EXT-1, I-EXT-2). */
public abstract class ExtContract extends ContractBase {

    private Snapshot.Ext ext(long skb) {
        Snapshot s = ops.snapshot();
        return s.exts().get(s.skbs().get(skb).ext());
    }

    @Test
    void aCloneSharesTheExtensionsAndTheLastReleaseFreesThem() {
        long skb = ops.allocSkb(100, false);
        assertThat(ops.extFind(skb, 1)).as("no extension yet").isEqualTo(-1);
        ops.extAdd(skb, 1, 7);
        assertThat(ops.extFind(skb, 1)).isEqualTo(7);
        assertThat(v(skb).activeExt()).isEqualTo(1 << 1);
        long clone = ops.clone(skb);
        assertThat(v(clone).ext()).as("I-EXT-1: __skb_ext_copy shares it").isEqualTo(v(skb).ext());
        assertThat(ext(skb).refcnt()).as("I-EXT-1").isEqualTo(2);
        assertThat(ops.extFind(clone, 1)).isEqualTo(7);
        ops.free(skb);
        assertThat(ext(clone).refcnt()).as("I-EXT-1: the struct's death puts it").isEqualTo(1);
        ops.free(clone);
        assertThat(ops.snapshot().exts()).as("I-EXT-1: the last put frees it").isEmpty();
    }

    @Test
    void aWriteThroughASharedSkbExtCopiesItFirst() {
        long skb = ops.allocSkb(100, false);
        ops.extAdd(skb, 0, 1);
        ops.extAdd(skb, 3, 30);
        long clone = ops.clone(skb);
        long shared = v(skb).ext();
        ops.extAdd(clone, 0, 2);
        assertThat(ops.extFind(clone, 0)).isEqualTo(2);
        assertThat(ops.extFind(skb, 0)).as("I-EXT-2: the original still sees its own value").isEqualTo(1);
        assertThat(v(clone).ext()).as("I-EXT-2: skb_ext_maybe_cow gave the clone a copy").isNotEqualTo(shared);
        assertThat(ops.extFind(clone, 3)).as("I-EXT-2: the copy took every chunk").isEqualTo(30);
        assertThat(ext(skb).refcnt()).as("I-EXT-1: the shared one lost the clone's reference").isEqualTo(1);
        long own = v(skb).ext();
        ops.extAdd(skb, 0, 5);
        assertThat(v(skb).ext()).as("I-EXT-2: written in place once private").isEqualTo(own);
        assertThat(ops.extFind(clone, 0)).isEqualTo(2);
        assertThat(ops.snapshot().exts()).hasSize(2);
        ops.free(skb);
        ops.free(clone);
        assertThat(ops.snapshot().exts()).isEmpty();
    }

    @Test
    void deletingTheLastActiveIdPutsTheSkbExt() {
        long skb = ops.allocSkb(100, false);
        ops.extAdd(skb, 2, 9);
        ops.extAdd(skb, 4, 11);
        long clone = ops.clone(skb);
        ops.extDel(clone, 2);
        assertThat(ops.extFind(clone, 2)).as("deleted for the clone").isEqualTo(-1);
        assertThat(ops.extFind(skb, 2)).as("I-EXT-2: a delete writes nothing the original sees").isEqualTo(9);
        assertThat(v(clone).ext()).as("no copy for a delete").isEqualTo(v(skb).ext());
        ops.extDel(clone, 4);
        assertThat(v(clone).ext()).as("I-EXT-1: no active id left, the pointer goes").isZero();
        assertThat(ext(skb).refcnt()).as("I-EXT-1: and its reference with it").isEqualTo(1);
        ops.extDel(clone, 4);
        ops.extDel(skb, 2);
        ops.extDel(skb, 4);
        assertThat(ops.snapshot().exts()).as("I-EXT-1").isEmpty();
        ops.free(skb);
        ops.free(clone);
    }

    @Test
    void copiesShareTooAndBadIdsAreRefused() {
        long skb = ops.allocSkb(100, false);
        ops.extAdd(skb, 1, 3);
        long copy = ops.pskbCopy(skb);
        long full = ops.copy(skb);
        assertThat(ext(skb).refcnt()).as("I-EXT-1: __copy_skb_header shares it with both copies").isEqualTo(3);
        assertThat(ops.extFind(full, 1)).isEqualTo(3);
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.extAdd(skb, SkbOps.SKB_EXT_NUM, 1));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.extAdd(skb, -1, 1));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.extAdd(skb, 0, -5));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.extDel(skb, 99));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.extFind(skb, Integer.MIN_VALUE));
        ops.free(skb);
        ops.free(copy);
        ops.free(full);
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.extAdd(skb, 0, 1));
        assertThat(ops.snapshot().exts()).isEmpty();
    }
}
