package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.Kernel;
import skbstress.api.Refcount;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.api.Snapshot;

/**
 * One test per error code, named {@code code_<CODE>}: the refusal, its code, its invariant id, its
 * numbers, and the unchanged state ({@link #refused} compares snapshots). The last test fails when a
 * code has no test here.
 */
public abstract class ErrorsContract extends ContractBase {

    @Test
    void code_DOUBLE_FREE() {
        long skb = ops.allocSkb(10, false);
        ops.free(skb);
        SkbException e = refused(ErrorCode.DOUBLE_FREE, () -> ops.free(skb));
        assertThat(e.getMessage()).contains(Long.toHexString(skb)).contains("I-USERS-2");
    }

    @Test
    void code_USE_AFTER_FREE() {
        long skb = ops.allocSkb(10, false);
        ops.free(skb);
        assertThat(refused(ErrorCode.USE_AFTER_FREE, () -> ops.get(skb)).invariant()).isEqualTo("I-USERS-3");
    }

    @Test
    void code_NOT_ALLOCATED() {
        assertThat(refused(ErrorCode.NOT_ALLOCATED, () -> ops.clone(42)).getMessage()).contains("2a");
    }

    @Test
    void code_WRONG_CACHE() {
        int a = ops.createCache("a", 32, 0, null, 0);
        int b = ops.createCache("b", 32, 0, null, 0);
        long o = ops.cacheAlloc(a);
        refused(ErrorCode.WRONG_CACHE, () -> ops.cacheFree(b, o));
        ops.cacheFree(a, o);
    }

    @Test
    void code_FREE_IN_USE() {
        long parent = ops.allocSkb(10, false);
        long member = ops.allocSkb(10, false);
        ops.addFragList(parent, member);
        assertThat(refused(ErrorCode.FREE_IN_USE, () -> ops.consume(member)).getMessage()).contains("users 1");
        ops.free(parent);
    }

    @Test
    void code_SKB_OVER() {
        long skb = ops.allocSkb(64, false);
        assertThat(refused(ErrorCode.SKB_OVER, () -> ops.put(skb, new byte[385])).getMessage()).contains("end 384");
        ops.free(skb);
    }

    @Test
    void code_SKB_UNDER() {
        long skb = ops.allocSkb(64, false);
        assertThat(refused(ErrorCode.SKB_UNDER, () -> ops.push(skb, new byte[1])).getMessage()).contains("head 0");
        ops.free(skb);
    }

    @Test
    void code_RESERVE_NOT_EMPTY() {
        long skb = ops.allocSkb(64, false);
        ops.put(skb, new byte[3]);
        refused(ErrorCode.RESERVE_NOT_EMPTY, () -> ops.reserve(skb, 1));
        ops.free(skb);
    }

    @Test
    void code_NONLINEAR() {
        long skb = ops.allocSkb(64, false);
        long page = ops.allocPage();
        ops.addFrag(skb, page, 0, 10);
        refused(ErrorCode.NONLINEAR, () -> ops.put(skb, new byte[1]));
        ops.free(skb);
    }

    @Test
    void code_PULL_TOO_FAR() {
        long skb = ops.allocSkb(64, false);
        refused(ErrorCode.PULL_TOO_FAR, () -> ops.pull(skb, 1));
        ops.free(skb);
    }

    @Test
    void code_SHARED_EXPAND() {
        long skb = ops.allocSkb(64, false);
        ops.get(skb);
        assertThat(refused(ErrorCode.SHARED_EXPAND, () -> ops.expandHead(skb, 0, 64)).getMessage())
                .contains("users 2");
        ops.free(skb);
        ops.free(skb);
    }

    @Test
    void code_REFCOUNT_SATURATED() {
        expectLeak();
        long skb = ops.allocSkb(64, false);
        ops.getMany(skb, Refcount.MAX);
        Snapshot after = ops.snapshot();
        assertThat(after.warnings()).extracting(Snapshot.Warning::code).containsExactly(ErrorCode.REFCOUNT_SATURATED);
        assertThat(after.skbs().get(skb).users()).isEqualTo(Refcount.SATURATED);
        for (int i = 0; i < 3; i++) {
            assertThat(ops.free(skb)).isFalse();
        }
        assertThat(ops.snapshot().skbs()).containsKey(skb);
    }

    @Test
    void code_WRITE_CLONED() {
        long skb = ops.allocSkb(64, false);
        long clone = ops.clone(skb);
        refused(ErrorCode.WRITE_CLONED, () -> ops.put(clone, new byte[1]));
        ops.free(skb);
        ops.free(clone);
    }

    @Test
    void code_HEADER_RELEASE_CLONED() {
        long skb = ops.allocSkb(64, false);
        long clone = ops.clone(skb);
        refused(ErrorCode.HEADER_RELEASE_CLONED, () -> ops.headerRelease(clone));
        ops.free(skb);
        ops.free(clone);
    }

    @Test
    void code_DATAREF_OVERFLOW() {
        long skb = unchecked().allocSkb(64, false);
        long[] clones = new long[0xfffe];
        for (int i = 0; i < clones.length; i++) {
            clones[i] = unchecked().clone(skb);
        }
        refused(ErrorCode.DATAREF_OVERFLOW, () -> ops.clone(skb));
        for (long c : clones) {
            unchecked().free(c);
        }
        ops.free(skb);
    }

    @Test
    void code_TOO_MANY_FRAGS() {
        long skb = ops.allocSkb(64, false);
        long page = ops.allocPage();
        for (int i = 0; i < Kernel.MAX_SKB_FRAGS; i++) {
            ops.getPage(page);
            ops.addFrag(skb, page, 0, 1);
        }
        refused(ErrorCode.TOO_MANY_FRAGS, () -> ops.addFrag(skb, page, 0, 1));
        ops.putPage(page);
        ops.free(skb);
    }

    @Test
    void code_FRAG_RANGE() {
        long skb = ops.allocSkb(64, false);
        long page = ops.allocPage();
        refused(ErrorCode.FRAG_RANGE, () -> ops.addFrag(skb, page, Kernel.PAGE_SIZE - 1, 2));
        ops.putPage(page);
        ops.free(skb);
    }

    @Test
    void code_INVALID_ARGUMENT() {
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.allocSkb(-1, true));
    }

    @Test
    void code_CACHE_TOO_SMALL() {
        int c = ops.createCache("tiny", 256, 0, null, 0);
        refused(ErrorCode.CACHE_TOO_SMALL, () -> ops.allocSkbFromCache(c, 1));
    }

    @Test
    void code_EXHAUSTED() {
        reset(new SkbConfig(0, 0, 0, 1));
        long page = ops.allocPage();
        refused(ErrorCode.EXHAUSTED, () -> ops.allocPage());
        ops.putPage(page);
    }

    @Test
    void code_ZC_SLICE_RANGE() {
        long buf = ops.createDriverBuffer(256, null);
        refused(ErrorCode.ZC_SLICE_RANGE, () -> ops.makeZeroCopySkb(buf, 200, 57));
        ops.releaseDriverBuffer(buf);
    }

    @Test
    void code_UBUF_CONFLICT() {
        long sock = ops.createZerocopySocket();
        long u1 = ops.ubufAlloc(sock, false);
        long u2 = ops.ubufAlloc(sock, false);
        long skb = ops.allocSkb(64, false);
        long p1 = ops.allocPage();
        long p2 = ops.allocPage();
        ops.zerocopyAttach(skb, u1, p1, 0, 10);
        refused(ErrorCode.UBUF_CONFLICT, () -> ops.zerocopyAttach(skb, u2, p2, 0, 10));
        ops.putPage(p2);
        ops.free(skb);
        ops.ubufPut(u1);
        ops.ubufPut(u2);
    }

    @Test
    void code_TRUESIZE_CHARGED() {
        long sk = ops.createZerocopySocket();
        long skb = ops.allocSkb(100, false);
        ops.setOwnerW(skb, sk);
        long page = ops.allocPage();
        refused(ErrorCode.TRUESIZE_CHARGED, () -> ops.addFrag(skb, page, 0, 64));
        ops.putPage(page);
        ops.free(skb);
    }

    @Test
    void code_SEGMENT_FRAG_LIST() {
        long parent = ops.allocSkb(100, false);
        ops.put(parent, new byte[60]);
        long member = ops.allocSkb(100, false);
        ops.addFragList(parent, member);
        refused(ErrorCode.SEGMENT_FRAG_LIST, () -> ops.segment(parent, 40, 10));
        ops.free(parent);
    }

    @Test
    void code_UBUF_EXTEND() {
        long sock = ops.createZerocopySocket();
        long u1 = ops.ubufAlloc(sock, false);
        long u2 = ops.ubufAlloc(sock, false);
        refused(ErrorCode.UBUF_EXTEND, () -> ops.ubufExtend(u1));
        ops.ubufPut(u1);
        ops.ubufPut(u2);
    }

    @Test
    void code_ORPHAN_SHARED() {
        long sock = ops.createZerocopySocket();
        long u = ops.ubufAlloc(sock, false);
        long skb = ops.allocSkb(64, false);
        long page = ops.allocPage();
        ops.zerocopyAttach(skb, u, page, 0, 10);
        ops.get(skb);
        refused(ErrorCode.ORPHAN_SHARED, () -> ops.orphanFrags(skb));
        ops.free(skb);
        ops.free(skb);
        ops.ubufPut(u);
    }

    @Test
    void code_PAGE_NOT_OWNED() {
        int pages = ops.createCache("pages", Kernel.PAGE_SIZE, 0, null, 0);
        long skb = ops.allocSkbFromCache(pages, 10);
        long page = ops.pageFlip(skb, 1);
        refused(ErrorCode.PAGE_NOT_OWNED, () -> ops.readObject(0, page));
        ops.releaseFlipped(1, page);
    }

    @Test
    void code_FLIP_NOT_ELIGIBLE() {
        long skb = ops.allocSkb(10, false);
        refused(ErrorCode.FLIP_NOT_ELIGIBLE, () -> ops.pageFlip(skb, 1));
        ops.free(skb);
    }

    @Test
    void code_CALLBACK_FAILED() {
        int[] runs = {0};
        long buf = ops.createDriverBuffer(256, b -> {
            runs[0]++;
            throw new IllegalStateException("driver bug");
        });
        long skb = ops.makeZeroCopySkb(buf, 64, 100);
        ops.releaseDriverBuffer(buf);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> ops.free(skb));
        assertThat(t).isInstanceOf(SkbException.class);
        SkbException e = (SkbException) t;
        assertThat(e.code()).isEqualTo(ErrorCode.CALLBACK_FAILED);
        assertThat(e.getCause()).hasMessage("driver bug");
        assertThat(e.getMessage()).contains(Long.toHexString(buf)).contains("I-ZCDRV-1");
        assertThat(runs[0]).as("the free function ran once").isEqualTo(1);
        assertThat(ops.snapshot().driverBuffers()).as("the release completed first").isEmpty();
    }

    @Test
    void code_CONCURRENT_USE() {
        long skb = ops.allocSkb(64, false);
        Snapshot before = ops.snapshot();
        SkbException[] seen = {null};
        boolean concurrent = whileInUseElsewhere(skb, () -> seen[0] = org.assertj.core.api.Assertions.catchThrowableOfType(
                SkbException.class, () -> unchecked().put(skb, new byte[4])));
        if (concurrent) {
            assertThat(seen[0]).as("an edit while another thread uses the skb").isNotNull();
            assertThat(seen[0].code()).isEqualTo(ErrorCode.CONCURRENT_USE);
            assertThat(seen[0].getMessage()).contains(Long.toHexString(skb)).contains("P-SKB-1");
            assertThat(ops.snapshot()).isEqualTo(before);
        } else {
            // the model is sequential: the same edit goes through
            ops.put(skb, new byte[4]);
            assertThat(v(skb).len()).isEqualTo(4);
        }
        ops.free(skb);
    }

    @Test
    void everyErrorCodeHasATestHere() {
        Set<ErrorCode> tested = EnumSet.noneOf(ErrorCode.class);
        for (Method m : ErrorsContract.class.getDeclaredMethods()) {
            if (m.getName().startsWith("code_")) {
                tested.add(ErrorCode.valueOf(m.getName().substring(5)));
            }
        }
        assertThat(EnumSet.complementOf(EnumSet.copyOf(tested))).as("error codes without a test").isEmpty();
    }
}
