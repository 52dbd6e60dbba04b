package skbstress.usercheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.netty.util.IllegalReferenceCountException;
import io.netty.util.ReferenceCounted;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import skbstress.api.ErrorCode;
import skbstress.api.Refcount;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.api.subject.Capability;
import skbstress.api.subject.ObjectAllocator;
import skbstress.api.subject.ReferenceCount;
import skbstress.api.subject.SharedViews;
import skbstress.impl.SkbImpl;
import skbstress.model.SkbModel;
import skbstress.subject.OurSubject;
import skbstress.subject.Reference;
import skbstress.subject.Subjects;

/**
 * Netty's own expectations of a reference count (AbstractReferenceCountedTest, its ByteBuf twin, the
 * ReferenceCountUpdater usage test) and of its Recycler (RecyclerTest), run on every subject with the
 * capability: the model's and our skbs, the sequential reference, the JDK baseline and Netty's own buffers
 * and Recycler (Netty must pass its own tests): specs/conformance.md, C-NETTY-1..16. Where a subject's
 * semantics differ on purpose (an skb's count saturates where Netty refuses), the check states the adapted
 * expectation; a subject that commits to nothing for a misuse is skipped with the reason.
 */
class NettyConformanceTest {

    /**
     * A subject's count, with Netty's bulk steps where the subject has them, and the largest count it holds:
     * Netty 4.2's buffers keep their count doubled (odd = released), so theirs is 2^30 - 1 (measured), where
     * refcount_t's is INT_MAX.
     */
    private record Counted(String name, ReferenceCount rc, Bulk bulk, int limit) {
        /** retain(n): Netty's own, or refcount_add on an skb, or n single retains for a small n. */
        void retain(Object o, int n) {
            if (bulk != null) {
                bulk.retain(o, n);
                return;
            }
            Assumptions.assumeTrue(n <= 16,
                    () -> name + " has no bulk retain: " + n + " single ones would take too long");
            for (int i = 0; i < n; i++) {
                rc.retain(o);
            }
        }

        /** release(n): Netty's own, or n single drops (an skb has no bulk put); the last drop's result. */
        boolean release(Object o, int n) {
            if (bulk instanceof NettyBulk) {
                return ((ReferenceCounted) o).release(n);
            }
            boolean freed = false;
            for (int i = 0; i < n; i++) {
                freed = rc.release(o);
            }
            return freed;
        }
    }

    private interface Bulk {
        void retain(Object o, int n);
    }

    private static final class NettyBulk implements Bulk {
        @Override
        public void retain(Object o, int n) {
            ((ReferenceCounted) o).retain(n);
        }
    }

    private record CountTarget(String name, Supplier<Counted> make) {}

    private static CountTarget skbs(String name, Supplier<SkbOps> ops) {
        return new CountTarget(name, () -> {
            SkbOps o = ops.get();
            return new Counted(name, OurSubject.skbViews(o), (h, n) -> o.getMany((Long) h, n), Refcount.MAX);
        });
    }

    /** Every subject with a reference count, the model and the reference added. */
    private static List<CountTarget> countTargets() {
        List<CountTarget> out = new ArrayList<>();
        out.add(skbs("model", () -> new SkbModel(SkbConfig.UNBOUNDED)));
        out.add(skbs("skbstress", () -> new SkbImpl(SkbConfig.UNBOUNDED)));
        out.add(new CountTarget("reference",
                () -> new Counted("reference", Reference.views(), null, Integer.MAX_VALUE)));
        for (var s : Subjects.all()) {
            if (s.capabilities().contains(Capability.REFERENCE_COUNT) && !s.name().equals(OurSubject.NAME)) {
                boolean netty = s.name().startsWith("netty");
                out.add(new CountTarget(s.name(), () -> new Counted(s.name(), s.newReferenceCount(),
                        netty ? new NettyBulk() : null, netty ? Integer.MAX_VALUE >>> 1 : Integer.MAX_VALUE)));
            }
        }
        return out;
    }

    private interface CountCase {
        void check(Counted c) throws Exception;
    }

    private static Stream<DynamicTest> onCounts(java.util.function.Function<CountTarget, DynamicTest> test) {
        return countTargets().stream().map(test);
    }

    private static void run(CountTarget t, CountCase check) throws Exception {
        check.check(t.make().get());
    }

    /**
     * A refused misuse: Netty's IllegalReferenceCountException, an skb's SkbException with its code, or the
     * subject's own exception.
     */
    private static Throwable refused(Counted c, ErrorCode skbCode, Runnable call) {
        Throwable t = catchThrowable(call::run);
        assertThat(t).as("%s: the misuse must be refused", c.name()).isInstanceOf(RuntimeException.class);
        if (c.name().startsWith("netty")) {
            assertThat(t).as("%s: Netty's own exception", c.name()).isInstanceOf(IllegalReferenceCountException.class);
        } else if (c.rc().getClass().getName().startsWith(OurSubject.class.getName())) {
            assertThat(((SkbException) t).code()).as("%s: the skb's refusal", c.name()).isEqualTo(skbCode);
        }
        return t;
    }

    private static void assumeOverflowDefined(Counted c) {
        Assumptions.assumeTrue(c.rc().overflow() != ReferenceCount.Overflow.UNDEFINED,
                () -> c.name() + " commits to nothing at the count's limit");
    }

    private static void assumeOverReleaseRefused(Counted c) {
        Assumptions.assumeTrue(c.rc().overRelease() == ObjectAllocator.Misuse.REFUSED,
                () -> c.name() + " commits to nothing for a drop past the last reference");
    }

    // ---------------------------------------------------------------- AbstractReferenceCountedTest

    @TestFactory
    Stream<DynamicTest> retainOverflow() {
        return onCounts(t -> dynamicTest("C-NETTY-1 AbstractReferenceCountedTest.testRetainOverflow: " + t.name(),
                () -> run(t, c -> {
                    assumeOverflowDefined(c);
                    Object o = c.rc().create();
                    c.retain(o, c.limit() - 1);
                    assertThat(c.rc().count(o)).as("C-NETTY-1: at the limit").isEqualTo(c.limit());
                    if (c.rc().overflow() == ReferenceCount.Overflow.REFUSED) {
                        refused(c, null, () -> c.rc().retain(o));
                        assertThat(c.rc().count(o)).as("C-NETTY-1: the add is undone").isEqualTo(c.limit());
                        assertThat(c.release(o, c.limit())).as("C-NETTY-1: every reference dropped").isTrue();
                    } else {
                        c.rc().retain(o);
                        assertThat(c.rc().count(o)).as("C-NETTY-1 (adapted): refcount_t saturates")
                                .isEqualTo(Refcount.SATURATED);
                        assertThat(c.rc().release(o)).as("C-NETTY-1 (adapted): and never frees").isFalse();
                    }
                })));
    }

    @TestFactory
    Stream<DynamicTest> retainOverflow2() {
        return onCounts(t -> dynamicTest("C-NETTY-2 AbstractReferenceCountedTest.testRetainOverflow2: " + t.name(),
                () -> run(t, c -> {
                    assumeOverflowDefined(c);
                    Object o = c.rc().create();
                    if (c.rc().overflow() == ReferenceCount.Overflow.REFUSED) {
                        Assumptions.assumeTrue(c.bulk() != null, () -> c.name() + " has no bulk retain");
                        refused(c, null, () -> c.retain(o, Integer.MAX_VALUE));
                        assertThat(c.rc().count(o)).as("C-NETTY-2: count unchanged").isEqualTo(1);
                        assertThat(c.rc().release(o)).as("C-NETTY-2: still freed by its one drop").isTrue();
                    } else {
                        c.retain(o, Integer.MAX_VALUE);
                        assertThat(c.rc().count(o)).as("C-NETTY-2 (adapted): saturated").isEqualTo(Refcount.SATURATED);
                    }
                })));
    }

    @TestFactory
    Stream<DynamicTest> releaseOverflow() {
        return onCounts(t -> dynamicTest("C-NETTY-3 AbstractReferenceCountedTest.testReleaseOverflow: " + t.name(),
                () -> run(t, c -> {
                    assumeOverReleaseRefused(c);
                    Object o = c.rc().create();
                    assertThat(c.rc().release(o)).as("C-NETTY-3: down to 0").isTrue();
                    refused(c, ErrorCode.DOUBLE_FREE, () -> c.release(o, Integer.MAX_VALUE));
                    assertThat(c.rc().count(o)).as("C-NETTY-3: still 0").isZero();
                })));
    }

    @TestFactory
    Stream<DynamicTest> releaseErrorMessage() {
        return onCounts(t -> dynamicTest("C-NETTY-4 AbstractReferenceCountedTest.testReleaseErrorMessage: " + t.name(),
                () -> run(t, c -> {
                    assumeOverReleaseRefused(c);
                    Object o = c.rc().create();
                    assertThat(c.rc().release(o)).as("C-NETTY-4: the last drop").isTrue();
                    Throwable e = refused(c, ErrorCode.DOUBLE_FREE, () -> c.rc().release(o));
                    if (c.name().startsWith("netty")) {
                        assertThat(e).as("C-NETTY-4: Netty's message").hasMessage("refCnt: 0, decrement: 1");
                    }
                })));
    }

    @TestFactory
    Stream<DynamicTest> retainResurrect() {
        return onCounts(t -> dynamicTest("C-NETTY-5 AbstractReferenceCountedTest.testRetainResurrect: " + t.name(),
                () -> run(t, c -> {
                    assumeOverReleaseRefused(c);
                    Object o = c.rc().create();
                    assertThat(c.rc().release(o)).isTrue();
                    refused(c, ErrorCode.USE_AFTER_FREE, () -> c.rc().retain(o));
                    assertThat(c.rc().count(o)).as("C-NETTY-5: no resurrection").isZero();
                })));
    }

    @TestFactory
    Stream<DynamicTest> retainResurrect2() {
        return onCounts(t -> dynamicTest("C-NETTY-6 AbstractReferenceCountedTest.testRetainResurrect2: " + t.name(),
                () -> run(t, c -> {
                    assumeOverReleaseRefused(c);
                    Object o = c.rc().create();
                    assertThat(c.rc().release(o)).isTrue();
                    refused(c, ErrorCode.USE_AFTER_FREE, () -> c.retain(o, 2));
                    assertThat(c.rc().count(o)).as("C-NETTY-6: no resurrection").isZero();
                })));
    }

    @TestFactory
    Stream<DynamicTest> retainsOfAFreedObjectAllFail() {
        return onCounts(t -> dynamicTest("C-NETTY-7 AbstractReferenceCountedTest."
                + "testRetainFromMultipleThreadsThrowsReferenceCountException, one thread: " + t.name(),
                () -> run(t, c -> {
                    assumeOverReleaseRefused(c);
                    Object o = c.rc().create();
                    assertThat(c.rc().release(o)).isTrue();
                    java.util.Random random = new java.util.Random(11);
                    for (int i = 0; i < 4; i++) {
                        int n = c.bulk() != null ? 1 + random.nextInt(Integer.MAX_VALUE - 1) : 1 + i;
                        refused(c, ErrorCode.USE_AFTER_FREE, () -> c.retain(o, n));
                    }
                    assertThat(c.rc().count(o)).as("C-NETTY-7: the count stays 0").isZero();
                })));
    }

    @TestFactory
    Stream<DynamicTest> oneOfFourDropsWins() {
        return onCounts(t -> dynamicTest("C-NETTY-8 AbstractReferenceCountedTest."
                + "testReleaseFromMultipleThreadsThrowsReferenceCountException, one thread: " + t.name(),
                () -> run(t, c -> {
                    assumeOverReleaseRefused(c);
                    Object o = c.rc().create();
                    int wins = 0;
                    int refusals = 0;
                    for (int i = 0; i < 4; i++) {
                        try {
                            wins += c.rc().release(o) ? 1 : 0;
                        } catch (RuntimeException refusal) {
                            refusals++;
                        }
                    }
                    assertThat(wins).as("C-NETTY-8: exactly one drop frees").isEqualTo(1);
                    assertThat(refusals).as("C-NETTY-8: the other three are refused").isEqualTo(3);
                })));
    }

    @TestFactory
    Stream<DynamicTest> derivedViewsAfterRelease() {
        return countTargets().stream().map(t -> dynamicTest("C-NETTY-9 AbstractByteBufTest."
                + "testSliceAfterReleaseRetainedSlice and siblings, on views: " + t.name(), () -> run(t, c -> {
                    assumeOverReleaseRefused(c);
                    Assumptions.assumeTrue(c.rc() instanceof SharedViews, () -> c.name() + " has no shared views");
                    SharedViews v = (SharedViews) c.rc();
                    Object buf = v.createWith(new byte[] {1, 2, 3, 4});
                    Object derived = v.derive(buf);
                    // which of the two drops frees is the subject's: Netty's derived view holds its parent
                    boolean first = v.release(derived);
                    boolean second = v.release(buf);
                    assertThat(first || second).as("C-NETTY-9: one of the drops freed the data").isTrue();
                    assertThat(v.count(buf)).as("C-NETTY-9: the buffer's count").isZero();
                    assertThat(v.count(derived)).as("C-NETTY-9: the derived view's count").isZero();
                    refused(c, ErrorCode.USE_AFTER_FREE, () -> v.derive(buf));
                    refused(c, ErrorCode.USE_AFTER_FREE, () -> v.derive(derived));
                })));
    }

    @TestFactory
    Stream<DynamicTest> accessAfterRelease() {
        return countTargets().stream().map(t -> dynamicTest("C-NETTY-10 AbstractByteBufTest.test*AfterRelease: "
                + t.name(), () -> run(t, c -> {
                    assumeOverReleaseRefused(c);
                    Assumptions.assumeTrue(c.rc() instanceof SharedViews, () -> c.name() + " has no shared views");
                    Assumptions.assumeFalse(c.name().equals("jdk"), "the JDK baseline does not check accesses");
                    SharedViews v = (SharedViews) c.rc();
                    Object buf = v.createWith(new byte[] {9, 8, 7});
                    assertThat(v.read(buf, 1)).as("C-NETTY-10: readable while held").isEqualTo((byte) 8);
                    assertThat(v.release(buf)).isTrue();
                    refused(c, ErrorCode.USE_AFTER_FREE, () -> v.read(buf, 1));
                })));
    }

    @TestFactory
    Stream<DynamicTest> releaseSeenByAnotherThread() {
        return onCounts(t -> dynamicTest("C-NETTY-11 AbstractByteBufTest.testRefCnt, one release then a read: "
                + t.name(), () -> run(t, c -> {
                    for (int round = 0; round < 10; round++) {
                        Object o = c.rc().create();
                        AtomicBoolean freed = new AtomicBoolean();
                        Thread releaser = new Thread(() -> freed.set(c.rc().release(o)), "netty-conformance-release");
                        releaser.start();
                        releaser.join();
                        assertThat(freed.get()).as("C-NETTY-11: round %d, the release freed it", round).isTrue();
                        assertThat(c.rc().count(o)).as("C-NETTY-11: round %d, seen as 0 here", round).isZero();
                    }
                })));
    }

    @TestFactory
    Stream<DynamicTest> retainsAndBulkRelease() {
        return onCounts(t -> dynamicTest("C-NETTY-12 ReferenceCountUpdaterTest."
                + "managesReferenceCountsThroughAbstractReferenceCounted: " + t.name(), () -> run(t, c -> {
                    long live = c.rc().live();
                    Object o = c.rc().create();
                    c.rc().retain(o);
                    c.retain(o, 2);
                    assertThat(c.rc().count(o)).as("C-NETTY-12: 1 + 1 + 2").isEqualTo(4);
                    assertThat(c.release(o, 3)).as("C-NETTY-12: release(3) keeps it").isFalse();
                    assertThat(c.rc().count(o)).as("C-NETTY-12: one left").isEqualTo(1);
                    if (live >= 0) {
                        assertThat(c.rc().live()).as("C-NETTY-12: not deallocated").isEqualTo(live + 1);
                    }
                    assertThat(c.rc().release(o)).as("C-NETTY-12: the last drop").isTrue();
                    assertThat(c.rc().count(o)).as("C-NETTY-12: 0").isZero();
                    if (live >= 0) {
                        assertThat(c.rc().live()).as("C-NETTY-12: deallocated").isEqualTo(live);
                    }
                })));
    }

    // ---------------------------------------------------------------- RecyclerTest

    /**
     * A subject's allocator. {@code secondFree}: whether a second free on the owner's thread is refused (a
     * subject that commits to it, or Netty's Recycler, which RecyclerTest expects to throw);
     * {@code otherThreadFree}: the same for a second free on another thread.
     */
    private record AllocTarget(String name, Supplier<Made> make, boolean secondFree, boolean otherThreadFree) {}

    /** A fresh allocator, and the skb implementation behind it when it is a cache of one (else null). */
    private record Made(ObjectAllocator a, SkbOps ops) {}

    private static Made cacheOf(SkbOps ops) {
        return new Made(OurSubject.cacheAllocator(ops), ops);
    }

    private static List<AllocTarget> allocTargets() {
        List<AllocTarget> out = new ArrayList<>();
        out.add(new AllocTarget("model", () -> cacheOf(new SkbModel(SkbConfig.UNBOUNDED)), true, true));
        out.add(new AllocTarget("skbstress", () -> cacheOf(new SkbImpl(SkbConfig.UNBOUNDED)), true, true));
        out.add(new AllocTarget("reference", () -> new Made(Reference.allocator(), null), true, true));
        for (var s : Subjects.all()) {
            if (s.capabilities().contains(Capability.OBJECT_ALLOCATOR) && !s.name().equals(OurSubject.NAME)) {
                boolean recycler = s.name().equals("recycler");
                // Netty 4.2.18's Recycler throws on a second recycle by the owner and lets one from another
                // thread through (measured); the JDK baseline's pool checks neither
                out.add(new AllocTarget(s.name(), () -> new Made(s.newAllocator(), null), recycler, false));
            }
        }
        return out;
    }

    private interface AllocCase {
        void check(ObjectAllocator a, SkbOps ops, AllocTarget t) throws Exception;
    }

    private static void run(AllocTarget t, AllocCase check) throws Throwable {
        Made made = t.make().get();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        made.a().session(() -> {
            try {
                check.check(made.a(), made.ops(), t);
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    /** Runs {@code work} on a new thread in a session of its own, and waits for it; its failure is returned. */
    private static Throwable onAnotherThread(ObjectAllocator a, Runnable work) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread th = new Thread(() -> a.session(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }), "netty-conformance-other");
        th.start();
        th.join();
        return thrown.get();
    }

    @TestFactory
    Stream<DynamicTest> multipleRecycle() {
        return allocTargets().stream().map(t -> dynamicTest("C-NETTY-13 RecyclerTest.testMultipleRecycle: " + t.name(),
                () -> run(t, (a, ops, tt) -> {
                    Assumptions.assumeTrue(tt.secondFree(), () -> tt.name() + " does not check a second free");
                    Object o = a.alloc();
                    a.free(o);
                    long out = a.outstanding();
                    Throwable e = catchThrowable(() -> a.free(o));
                    assertThat(e).as("C-NETTY-13: the second recycle is refused").isInstanceOf(RuntimeException.class);
                    if (tt.name().equals("recycler")) {
                        assertThat(e).as("C-NETTY-13: Netty's exception").isInstanceOf(IllegalStateException.class);
                    }
                    assertThat(a.outstanding()).as("C-NETTY-13: nothing changed").isEqualTo(out);
                })));
    }

    @TestFactory
    Stream<DynamicTest> multipleRecycleAtDifferentThread() {
        return allocTargets().stream().map(t -> dynamicTest(
                "C-NETTY-14 RecyclerTest.testMultipleRecycleAtDifferentThread: " + t.name(),
                () -> run(t, (a, ops, tt) -> {
                    Assumptions.assumeTrue(tt.secondFree(), () -> tt.name() + " commits to nothing for a second free");
                    Object o = a.alloc();
                    assertThat(onAnotherThread(a, () -> a.free(o))).as("C-NETTY-14: the first recycle").isNull();
                    Throwable second = onAnotherThread(a, () -> a.free(o));
                    if (tt.otherThreadFree()) {
                        assertThat(second).as("C-NETTY-14: the second, on another thread, is refused")
                                .isInstanceOf(RuntimeException.class);
                    }
                    Object x = a.alloc();
                    Object y = a.alloc();
                    assertThat(x).as("C-NETTY-14: two later gets are distinct").isNotSameAs(y).isNotEqualTo(y);
                    a.free(x);
                    a.free(y);
                })));
    }

    @TestFactory
    Stream<DynamicTest> recycle() {
        return allocTargets().stream().map(t -> dynamicTest("C-NETTY-15 RecyclerTest.testRecycle: " + t.name(),
                () -> run(t, (a, ops, tt) -> {
                    Object o = a.alloc();
                    if (ops != null) {
                        ops.writeObject(SkbOps.LOCAL_DOMAIN, (Long) o, 0, new byte[] {0x5c});
                    }
                    a.free(o);
                    Object again = a.alloc();
                    if (ops == null) {
                        assertThat(again).as("C-NETTY-15: the same instance").isSameAs(o);
                    } else {
                        assertThat(again).as("C-NETTY-15 (adapted): a new handle, so the old one stays dead")
                                .isNotEqualTo(o);
                        assertThat(ops.readObject(SkbOps.LOCAL_DOMAIN, (Long) again).at(0))
                                .as("C-NETTY-15 (adapted): the same object, its bytes kept").isEqualTo((byte) 0x5c);
                    }
                    a.free(again);
                })));
    }

    @TestFactory
    Stream<DynamicTest> objectOfAnEndedThread() {
        return allocTargets().stream().map(t -> dynamicTest("C-NETTY-16 RecyclerTest."
                + "testThreadCanBeCollectedEvenIfHandledObjectIsReferenced: " + t.name(), () -> run(t, (a, ops, tt) -> {
                    long before = a.outstanding();
                    Object[] made = new Object[1];
                    assertThat(onAnotherThread(a, () -> made[0] = a.alloc())).as("C-NETTY-16: made elsewhere").isNull();
                    assertThat(made[0]).as("C-NETTY-16: an object").isNotNull();
                    a.free(made[0]);
                    if (before >= 0) {
                        assertThat(a.outstanding()).as("C-NETTY-16: its free counted").isEqualTo(before);
                    }
                    Object next = a.alloc();
                    assertThat(next).as("C-NETTY-16: the allocator still works").isNotNull();
                    a.free(next);
                })));
    }
}
