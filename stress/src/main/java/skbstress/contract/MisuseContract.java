package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.FreeFunction;
import skbstress.api.Kernel;
import skbstress.api.ObjectMemory;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * Misuse on one thread: callbacks that throw or call back in, arguments at the edges of their
 * arithmetic, nesting and lengths past their limits, bounded logs, and handles of another instance.
 * Each call is accepted as the model accepts it, or refused by name with the state unchanged.
 */
public abstract class MisuseContract extends ContractBase {

    // ---------------------------------------------------------------- callbacks that throw

    private static FreeFunction throwing(AtomicInteger runs, Throwable t) {
        return b -> {
            runs.incrementAndGet();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) t;
        };
    }

    /** One throwable of each kind a free function can throw, then the release is complete and nothing leaks. */
    @Test
    void aFreeFunctionThatThrowsRunsOnceAfterTheReleaseCompleted() {
        for (Throwable t : List.of(new IllegalStateException("bug"), new AssertionError("broken"),
                new StackOverflowError())) {
            AtomicInteger runs = new AtomicInteger();
            long buf = ops.createDriverBuffer(4096, throwing(runs, t));
            long skb = ops.makeZeroCopySkb(buf, 64, 200);
            long page = ops.allocPage();
            ops.addFrag(skb, page, 0, 100);
            ops.releaseDriverBuffer(buf);
            SkbException e = catchThrowableOfType(SkbException.class, () -> ops.free(skb));
            assertThat(e).as("I-ZCDRV-1 for %s", t).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.CALLBACK_FAILED);
            assertThat(e.getCause()).isSameAs(t);
            assertThat(runs).as("I-ZCDRV-1: ran once for %s", t).hasValue(1);
            Snapshot s = ops.snapshot();
            assertThat(s.skbs()).isEmpty();
            assertThat(s.pages()).as("the frag page went with the skb").isEmpty();
            assertThat(s.freeFunctionLog()).containsOnlyOnce(buf);
            refused(ErrorCode.DOUBLE_FREE, () -> ops.free(skb));
        }
    }

    @Test
    void aFreeFunctionThatThrowsOnTheDriversReleaseIsContainedToo() {
        AtomicInteger runs = new AtomicInteger();
        long buf = ops.createDriverBuffer(256, throwing(runs, new IllegalArgumentException("x")));
        SkbException e = catchThrowableOfType(SkbException.class, () -> ops.releaseDriverBuffer(buf));
        assertThat(e.code()).isEqualTo(ErrorCode.CALLBACK_FAILED);
        assertThat(runs).hasValue(1);
        refused(ErrorCode.DOUBLE_FREE, () -> ops.releaseDriverBuffer(buf));
    }

    /** A free function that frees its own skb again is refused, not a second release. */
    @Test
    void aFreeFunctionThatFreesItsSkbAgainIsRefused() {
        AtomicReference<Long> skbRef = new AtomicReference<>();
        AtomicReference<SkbException> seen = new AtomicReference<>();
        long buf = ops.createDriverBuffer(256, b -> seen.set(catchThrowableOfType(SkbException.class,
                () -> unchecked().free(skbRef.get()))));
        long skb = ops.makeZeroCopySkb(buf, 64, 100);
        skbRef.set(skb);
        ops.releaseDriverBuffer(buf);
        assertThat(ops.free(skb)).isTrue();
        assertThat(seen.get()).as("I-USERS-2: the free function's second free").isNotNull();
        assertThat(seen.get().code()).isEqualTo(ErrorCode.DOUBLE_FREE);
    }

    /** A free function may use the model or implementation: it finds the release complete. */
    @Test
    void aFreeFunctionSeesAConsistentState() {
        AtomicReference<Snapshot> inside = new AtomicReference<>();
        AtomicReference<Long> made = new AtomicReference<>();
        long buf = ops.createDriverBuffer(256, b -> {
            inside.set(unchecked().snapshot());
            made.set(unchecked().allocSkb(10, false));
        });
        long skb = ops.makeZeroCopySkb(buf, 64, 100);
        ops.releaseDriverBuffer(buf);
        ops.free(skb);
        assertThat(inside.get().skbs()).as("I-ZCDRV-1: the skb was released before its buffer's free function ran")
                .doesNotContainKey(skb);
        assertThat(inside.get().driverBuffers()).doesNotContainKey(buf);
        ops.free(made.get());
    }

    @Test
    void aConstructorThatThrowsLeavesNoCacheAndNoIdHole() {
        int before = ops.snapshot().caches().size();
        SkbException e = refused(ErrorCode.CALLBACK_FAILED, () -> ops.createCache("bad", 64, 0, mem -> {
            throw new IllegalStateException("ctor bug");
        }, 10));
        assertThat(e.invariant()).isEqualTo("I-SLAB-8");
        assertThat(e.getCause()).hasMessage("ctor bug");
        assertThat(ops.createCache("good", 64, 0, null, 10)).as("I-SLAB-8: the next id").isEqualTo(before);
    }

    @Test
    void aConstructorThatThrowsWhileTheCacheGrowsMakesNoObject() {
        AtomicInteger calls = new AtomicInteger();
        int c = ops.createCache("flaky", 1024, 0, mem -> {
            if (calls.incrementAndGet() > 40) {
                throw new StackOverflowError();
            }
        }, 0);
        List<Long> held = new ArrayList<>();
        int perSlab = Kernel.objectsPerSlab(1024);
        for (int i = 0; i < perSlab; i++) {
            held.add(ops.cacheAlloc(c));
        }
        SkbException e = refused(ErrorCode.CALLBACK_FAILED, () -> ops.cacheAlloc(c));
        assertThat(e.getCause()).isInstanceOf(StackOverflowError.class);
        Snapshot.Cache view = ops.snapshot().caches().get(c);
        assertThat(view.slabs()).as("I-SLAB-8: no phantom slab").isEqualTo(1);
        assertThat(view.ctorRuns()).isEqualTo(perSlab);
        int pages = ops.createCache("pages", Kernel.PAGE_SIZE, 0, mem -> {
            throw new IllegalStateException("no");
        }, 0);
        refused(ErrorCode.CALLBACK_FAILED, () -> ops.allocSkbFromCache(pages, 100));
        held.forEach(h -> ops.cacheFree(c, h));
    }

    @Test
    void aConstructorsMemoryStopsWorkingWhenItReturns() {
        AtomicReference<ObjectMemory> kept = new AtomicReference<>();
        int c = ops.createCache("keeper", 64, 0, kept::set, 1);
        long o = ops.cacheAlloc(c);
        Throwable late = org.assertj.core.api.Assertions.catchThrowable(() -> kept.get().put(0, (byte) 7));
        assertThat(late).as("I-SLAB-8: a write through a constructor's memory after it returned")
                .isInstanceOf(IllegalStateException.class);
        assertThat(ops.readObject(0, o).at(0)).isEqualTo((byte) 0);
        ops.cacheFree(c, o);
    }

    // ---------------------------------------------------------------- arithmetic at the edges

    @Test
    void reservesThatWouldOverflowAreRefused() {
        long skb = ops.allocSkb(64, false);
        ops.reserve(skb, 64);
        refused(ErrorCode.SKB_OVER, () -> ops.reserve(skb, Integer.MAX_VALUE));
        refused(ErrorCode.SKB_OVER, () -> ops.reserve(skb, Integer.MAX_VALUE - 63));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.reserve(skb, Integer.MIN_VALUE));
        ops.free(skb);
    }

    @Test
    void fragsAndZeroCopyFragsThatWouldOverflowAreRefused() {
        long skb = ops.allocSkb(64, false);
        long page = ops.allocPage();
        refused(ErrorCode.FRAG_RANGE, () -> ops.addFrag(skb, page, 100, Integer.MAX_VALUE));
        refused(ErrorCode.FRAG_RANGE, () -> ops.addFrag(skb, page, Integer.MAX_VALUE, 1));
        refused(ErrorCode.FRAG_RANGE, () -> ops.addFrag(skb, page, Integer.MIN_VALUE, 10));
        long sock = ops.createZerocopySocket();
        long u = ops.ubufAlloc(sock, false);
        refused(ErrorCode.FRAG_RANGE, () -> ops.zerocopyAttach(skb, u, page, 100, Integer.MAX_VALUE));
        refused(ErrorCode.FRAG_RANGE, () -> ops.zerocopyAttach(skb, u, page, Integer.MAX_VALUE, 100));
        ops.ubufPut(u);
        ops.putPage(page);
        ops.free(skb);
    }

    @Test
    void sizesThatWouldOverflowAreRefused() {
        int c = ops.createCache("pages", Kernel.PAGE_SIZE, 0, null, 0);
        refused(ErrorCode.CACHE_TOO_SMALL, () -> ops.allocSkbFromCache(c, Integer.MAX_VALUE));
        refused(ErrorCode.CACHE_TOO_SMALL, () -> ops.allocSkbFromCache(c, Integer.MAX_VALUE - 63));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.allocSkb(Integer.MAX_VALUE, false));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.devAllocSkb(Integer.MAX_VALUE));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.devAllocSkbIpAlign(Integer.MAX_VALUE - 1));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.createDriverBuffer(Integer.MAX_VALUE, null));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.createCache("huge", 64, 0, null, Integer.MAX_VALUE));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.createCache("big", Kernel.MAX_OBJECT_SIZE, 0, null,
                (int) (Kernel.MAX_BOUNDED_CACHE_BYTES / Kernel.MAX_OBJECT_SIZE) + 1));
        long skb = ops.allocSkb(64, false);
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.cow(skb, Integer.MAX_VALUE));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.cowHead(skb, Integer.MAX_VALUE - 1));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.expandHead(skb, Integer.MAX_VALUE, Integer.MAX_VALUE));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.pull(skb, Integer.MIN_VALUE));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.trim(skb, Integer.MIN_VALUE));
        ops.free(skb);
    }

    @Test
    void writesWithHugeOffsetsOrNoBytesAreRefused() {
        long page = ops.allocPage();
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.writePage(page, Integer.MAX_VALUE, new byte[10]));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.writePage(page, Integer.MIN_VALUE, new byte[10]));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.writePage(page, 0, null));
        long skb = ops.allocSkb(64, false);
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.put(skb, null));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.push(skb, null));
        int c = ops.createCache("objs", 64, 0, null, 0);
        long o = ops.cacheAlloc(c);
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.writeObject(0, o, Integer.MAX_VALUE, new byte[2]));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.writeObject(0, o, 0, null));
        long buf = ops.createDriverBuffer(256, null);
        refused(ErrorCode.ZC_SLICE_RANGE, () -> ops.writeDriverBuffer(buf, Integer.MAX_VALUE, new byte[2]));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.writeDriverBuffer(buf, 64, null));
        ops.releaseDriverBuffer(buf);
        ops.cacheFree(c, o);
        ops.free(skb);
        ops.putPage(page);
    }

    // ---------------------------------------------------------------- depth and growth

    @Test
    void fragListsNestOnlySoDeepAndTheDeepestIsReleasedWhole() {
        long inner = ops.allocSkb(8, false);
        ops.put(inner, bytes(8, 1));
        for (int depth = 1; depth <= Kernel.MAX_FRAG_LIST_DEPTH; depth++) {
            long outer = unchecked().allocSkb(8, false);
            unchecked().addFragList(outer, inner);
            inner = outer;
        }
        long top = inner;
        long one = ops.allocSkb(8, false);
        SkbException e = refused(ErrorCode.INVALID_ARGUMENT, () -> ops.addFragList(one, top));
        assertThat(e.getMessage()).contains("I-FRAG-2").contains(String.valueOf(Kernel.MAX_FRAG_LIST_DEPTH + 1));
        assertThat(ops.bytes(top).length()).isEqualTo(8);
        assertThat(ops.free(top)).isTrue();
        ops.free(one);
    }

    @Test
    void sharedMembersCannotDoubleALengthPastItsLimit() {
        long member = ops.allocSkb(65536, false);
        ops.put(member, new byte[65536]);
        long a = unchecked().allocSkb(8, false);
        unchecked().addFragList(a, member);
        SkbException refusal = null;
        List<Long> made = new ArrayList<>();
        made.add(a);
        for (int level = 0; level < 40 && refusal == null; level++) {
            long copy = unchecked().pskbCopy(a);
            made.add(copy);
            long b = unchecked().allocSkb(8, false);
            made.add(b);
            try {
                unchecked().addFragList(b, a);
                unchecked().addFragList(b, copy);
                a = b;
            } catch (SkbException x) {
                refusal = x;
            }
        }
        assertThat(refusal).as("I-GEOM-2: the length stops at its limit").isNotNull();
        assertThat(refusal.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(refusal.getMessage()).contains(String.valueOf(Kernel.MAX_SKB_LEN));
        for (int i = made.size() - 1; i >= 0; i--) { // roots only: members go with their lists
            long h = made.get(i);
            if (ops.snapshot().skbs().containsKey(h)
                    && ops.snapshot().skbs().values().stream().noneMatch(k -> k.fragList().contains(h))) {
                ops.free(h);
            }
        }
    }

    @Test
    void logsKeepTheirNewestEntriesAndCountTheRest() {
        int n = Kernel.LOG_CAPACITY + 10;
        for (int i = 0; i < n; i++) {
            long skb = unchecked().allocSkb(8, false);
            unchecked().setDestructor(skb, 1 + i % 7);
            unchecked().free(skb);
        }
        Snapshot s = ops.snapshot();
        assertThat(s.destructorLog()).as("I-DESTR-1: the log is bounded").hasSize(Kernel.LOG_CAPACITY);
        assertThat(s.dropped().destructors()).isEqualTo(10);
        assertThat(s.destructorRuns()).isEqualTo(n);
    }

    @Test
    void handlesOfAnotherInstanceAreRefused() {
        SkbOps other = create(SkbConfig.UNBOUNDED);
        long theirs = other.allocSkb(64, false);
        long ours = ops.allocSkb(64, false);
        refused(ErrorCode.NOT_ALLOCATED, () -> ops.free(theirs));
        refused(ErrorCode.NOT_ALLOCATED, () -> ops.clone(theirs));
        refused(ErrorCode.NOT_ALLOCATED, () -> ops.get(theirs));
        assertThat(catchThrowableOfType(SkbException.class, () -> other.free(ours)).code())
                .as("I-SLAB-9").isEqualTo(ErrorCode.NOT_ALLOCATED);
        long page = other.allocPage();
        refused(ErrorCode.NOT_ALLOCATED, () -> ops.putPage(page));
        assertThat(other.free(theirs)).isTrue();
        other.putPage(page);
        ops.free(ours);
    }
}
