package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import skbstress.api.DatarefWord;
import skbstress.api.ErrorCode;
import skbstress.api.SkbOps;
import skbstress.model.InvariantChecker;

/** dataref and clones: I-DATA-1..5. */
public abstract class DatarefContract extends ContractBase {

    @Test
    void aCloneSharesTheDataUntilTheLastReleases() {
        long skb = ops.allocSkb(200, false);
        ops.put(skb, bytes(50, 1));
        long clone = ops.clone(skb);
        assertThat(v(skb).dataref()).isEqualTo(2);
        assertThat(v(clone).shinfo()).isEqualTo(v(skb).shinfo());
        assertThat(v(skb).cloned()).isTrue();
        assertThat(v(clone).cloned()).isTrue();
        assertThat(ops.cloned(skb)).isTrue();
        assertThat(ops.headerCloned(skb)).isTrue();
        assertThat(ops.linearBytes(clone)).isEqualTo(ops.linearBytes(skb));
        int heads = ops.profile().headCache(200);
        ops.free(skb);
        assertThat(v(clone).dataref()).isEqualTo(1);
        assertThat(cache(heads).live()).as("data lives while the clone does (I-DATA-3)").isEqualTo(1);
        assertThat(v(clone).cloned()).as("the cloned flag is sticky").isTrue();
        assertThat(ops.cloned(clone)).as("but skb_cloned reads dataref").isFalse();
        ops.free(clone);
        assertThat(cache(heads).live()).isZero();
    }

    /** The worked example of the dataref split: 0x00001, 0x10001, 0x10002, then the release order. */
    @Test
    void headerReleasedOriginalAndItsCloneReleaseTheDataOnce() {
        long orig = ops.allocSkb(1000, false);
        ops.reserve(orig, 128);
        ops.put(orig, bytes(500, 1));
        assertThat(v(orig).dataref()).isEqualTo(0x00001);
        ops.headerRelease(orig);
        assertThat(v(orig).dataref()).isEqualTo(0x10001);
        assertThat(v(orig).nohdr()).isTrue();
        long clone = ops.clone(orig);
        assertThat(v(orig).dataref()).isEqualTo(0x10002);
        assertThat(v(clone).hdrLen()).as("hdr_len = the nohdr original's headroom").isEqualTo(128);
        assertThat(v(clone).nohdr()).isFalse();
        assertThat(ops.headerCloned(clone)).as("(2 - 1) != 1 is false: the clone owns the headers").isFalse();
        assertThat(ops.cloned(clone)).isTrue();
        ops.push(clone, bytes(40, 2));
        refused(ErrorCode.WRITE_CLONED, () -> ops.push(orig, bytes(1, 3)));
        refused(ErrorCode.WRITE_CLONED, () -> ops.put(clone, bytes(1, 3)));
        ops.free(orig);
        assertThat(v(clone).dataref()).as("0x10002 - 0x10001").isEqualTo(0x00001);
        ops.free(clone);
        assertThat(ops.snapshot().liveObjects()).isZero();
    }

    @Test
    void cloneFreedFirstLeavesTheNohdrOriginalExclusive() {
        long orig = ops.allocSkb(1000, false);
        ops.headerRelease(orig);
        long clone = ops.clone(orig);
        ops.free(clone);
        assertThat(v(orig).dataref()).isEqualTo(0x10001);
        assertThat(ops.cloned(orig)).isFalse();
        ops.put(orig, bytes(8, 1));
        ops.free(orig);
    }

    @Test
    void headerReleaseAfterACloneIsRefused() {
        long skb = ops.allocSkb(100, false);
        long clone = ops.clone(skb);
        assertThat(refused(ErrorCode.HEADER_RELEASE_CLONED, () -> ops.headerRelease(skb)).getMessage())
                .contains("0x00002");
        ops.free(clone);
        ops.headerRelease(skb);
        ops.free(skb);
    }

    @Test
    void headerWritesOfAClonePastItsHdrLenAreRefused() {
        long orig = ops.allocSkb(1000, false);
        ops.reserve(orig, 64);
        ops.put(orig, bytes(100, 5));
        ops.headerRelease(orig);
        long clone = ops.clone(orig);
        ops.push(clone, bytes(64, 1));
        long clone2 = ops.clone(orig);
        assertThat(ops.headerCloned(clone2)).as("two header owners now").isTrue();
        refused(ErrorCode.WRITE_CLONED, () -> ops.push(clone2, bytes(1, 1)));
        ops.free(clone2);
        ops.pull(clone, 80);
        refused(ErrorCode.WRITE_CLONED, () -> ops.push(clone, bytes(1, 1)));
        ops.free(clone);
        ops.free(orig);
    }

    @Test
    void aPlainCloneMayNotWriteHeadersInPlace() {
        long skb = ops.allocSkb(200, false);
        ops.reserve(skb, 64);
        long clone = ops.clone(skb);
        refused(ErrorCode.WRITE_CLONED, () -> ops.push(clone, bytes(14, 1)));
        refused(ErrorCode.WRITE_CLONED, () -> ops.push(skb, bytes(14, 1)));
        ops.free(clone);
        ops.push(skb, bytes(14, 1));
        ops.free(skb);
    }

    @Test
    void theLowHalfNeverCarriesIntoTheHigh() {
        SkbOps fast = unchecked();
        long skb = fast.allocSkb(64, false);
        List<Long> clones = new ArrayList<>();
        for (int i = 1; i < DatarefWord.MASK; i++) {
            clones.add(fast.clone(skb));
        }
        assertThat(fast.view(skb).dataref()).isEqualTo(DatarefWord.MASK);
        new InvariantChecker(fast.profile()).check(fast.snapshot());
        refused(ErrorCode.DATAREF_OVERFLOW, () -> ops.clone(skb));
        refused(ErrorCode.DATAREF_OVERFLOW, () -> ops.clone(clones.get(7)));
        for (long c : clones) {
            fast.free(c);
        }
        assertThat(fast.view(skb).dataref()).isEqualTo(1);
        ops.free(skb);
    }
}
