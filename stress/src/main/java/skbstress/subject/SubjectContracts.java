package skbstress.subject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;
import skbstress.api.subject.Capability;
import skbstress.api.subject.ObjectAllocator;
import skbstress.api.subject.ReferenceCount;
import skbstress.api.subject.SharedViews;
import skbstress.api.subject.Subject;

/**
 * The capability contracts (P-SUBJ-1..3 of specs/subjects.md) as JUnit 5 dynamic tests, for any subject: the
 * entry point a user's own project runs its subject through.
 *
 * <pre>
 * &#64;TestFactory
 * Stream&lt;DynamicTest&gt; myPool() {
 *     return SubjectContracts.of(new MyPoolSubject());
 * }
 * </pre>
 * Each check is one test named by its contract's id and its capability; a capability the subject does not provide gives tests that
 * are skipped (aborted), each saying which capability was missing. Checks of misuse run only where the
 * subject commits to a behaviour ({@code REFUSED}). These are the sequential contracts;
 * {@link #linearizable} runs the Lincheck scenarios of the same capabilities in the same JVM, and the job's
 * races ({@code ./skbstress run --subject NAME}) check them under concurrency in JVMs of their own.
 */
public final class SubjectContracts {
    private SubjectContracts() {}

    /** Objects each allocator check holds at once. */
    static final int MANY = 64;

    /** Every contract check, for {@code subject}. */
    public static Stream<DynamicTest> of(Subject subject) {
        List<DynamicTest> out = new ArrayList<>();
        Set<Capability> has = subject.capabilities();
        add(out, subject, has, Capability.OBJECT_ALLOCATOR, "alloc hands out distinct objects",
                () -> inSession(subject.newAllocator(), SubjectContracts::distinct));
        add(out, subject, has, Capability.OBJECT_ALLOCATOR, "freed objects come back, still distinct",
                () -> inSession(subject.newAllocator(), SubjectContracts::reused));
        add(out, subject, has, Capability.OBJECT_ALLOCATOR, "objects freed on another thread come back",
                () -> inSession(subject.newAllocator(), SubjectContracts::freedElsewhere));
        add(out, subject, has, Capability.OBJECT_ALLOCATOR, "a second free is refused, nothing changed",
                () -> inSession(subject.newAllocator(), SubjectContracts::secondFree));
        add(out, subject, has, Capability.REFERENCE_COUNT, "a new object has one reference, and one drop frees it",
                () -> oneReference(subject.newReferenceCount()));
        add(out, subject, has, Capability.REFERENCE_COUNT, "retains and releases balance; only the last drop frees",
                () -> balance(subject.newReferenceCount()));
        add(out, subject, has, Capability.REFERENCE_COUNT, "a drop past the last reference is refused",
                () -> overRelease(subject.newReferenceCount()));
        add(out, subject, has, Capability.SHARED_VIEWS, "a derived view reads the same bytes",
                () -> sameBytes(subject.newSharedViews()));
        add(out, subject, has, Capability.SHARED_VIEWS, "the data outlives the view it was derived from",
                () -> outlives(subject.newSharedViews()));
        add(out, subject, has, Capability.SHARED_VIEWS, "views of views share the data, freed once",
                () -> viewsOfViews(subject.newSharedViews()));
        return out.stream();
    }

    /**
     * The Lincheck scenarios of the subject's capabilities, in both modes: each must be linearizable on it,
     * and each canary (the subject's capability with one deliberate bug) must be caught, as the stress job
     * requires. Seconds each, on 2 cores.
     */
    public static Stream<DynamicTest> linearizable(Subject subject) {
        return skbstress.lincheck.SubjectScenarios.of(subject);
    }

    private static void add(List<DynamicTest> out, Subject s, Set<Capability> has, Capability needs, String what,
                            Executable check) {
        out.add(DynamicTest.dynamicTest(id(needs) + " " + needs + ": " + what, () -> {
            Assumptions.assumeTrue(has.contains(needs), () -> s.name() + " does not provide " + needs);
            check.execute();
        }));
    }

    /** The id of a capability's contract in specs/subjects.md, which each of its tests is named with. */
    public static String id(Capability c) {
        return switch (c) {
            case OBJECT_ALLOCATOR -> "P-SUBJ-1";
            case REFERENCE_COUNT -> "P-SUBJ-2";
            case SHARED_VIEWS -> "P-SUBJ-3";
            case SKB_OPS -> "P-SUBJ-4";
        };
    }

    // ---------------------------------------------------------------- P-SUBJ-1 object allocator

    /** A check of an allocator. */
    private interface AllocatorCheck {
        void check(ObjectAllocator a) throws Exception;
    }

    /** Runs a check in a session of the allocator on this thread (see {@link ObjectAllocator#session}). */
    private static void inSession(ObjectAllocator a, AllocatorCheck check) throws Throwable {
        Throwable[] failed = new Throwable[1];
        a.session(() -> {
            try {
                check.check(a);
            } catch (Throwable e) {
                failed[0] = e;
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
    }

    private static List<Object> allocMany(ObjectAllocator a) {
        List<Object> held = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        for (int k = 0; k < MANY; k++) {
            Object o = a.alloc();
            assertTrue(o != null, "alloc returned null");
            assertTrue(seen.add(o), "object " + o + " handed out twice while held");
            held.add(o);
        }
        return held;
    }

    private static void distinct(ObjectAllocator a) {
        long before = a.outstanding();
        List<Object> held = allocMany(a);
        if (before >= 0) {
            assertEquals(before + MANY, a.outstanding(), "outstanding after " + MANY + " allocations");
        }
        held.forEach(a::free);
        if (before >= 0) {
            assertEquals(before, a.outstanding(), "outstanding after every object was freed");
        }
    }

    private static void reused(ObjectAllocator a) {
        allocMany(a).forEach(a::free);
        List<Object> again = allocMany(a);
        again.forEach(a::free);
    }

    private static void freedElsewhere(ObjectAllocator a) throws InterruptedException {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<Object> held = allocMany(a);
        Thread t = new Thread(() -> a.session(() -> {
            try {
                held.forEach(a::free);
            } catch (Throwable e) {
                failed.set(e);
            }
        }), "subject-contract-freer");
        t.start();
        t.join();
        if (failed.get() != null) {
            throw new AssertionError("a free on another thread failed", failed.get());
        }
        allocMany(a).forEach(a::free);
        if (a.outstanding() >= 0) {
            assertEquals(0, a.outstanding(), "outstanding at the end");
        }
    }

    private static void secondFree(ObjectAllocator a) {
        Assumptions.assumeTrue(a.misuse() == ObjectAllocator.Misuse.REFUSED, "its misuse is undefined");
        Object o = a.alloc();
        a.free(o);
        long before = a.outstanding();
        assertThrows(RuntimeException.class, () -> a.free(o), "a second free of one object");
        assertEquals(before, a.outstanding(), "outstanding after a refused free");
        allocMany(a).forEach(a::free); // still sound: no object handed out twice
    }

    // ---------------------------------------------------------------- P-SUBJ-2 reference count

    private static void oneReference(ReferenceCount r) {
        long live = r.live();
        Object o = r.create();
        assertEquals(1, r.count(o), "references of a new object");
        if (live >= 0) {
            assertEquals(live + 1, r.live(), "live objects after a create");
        }
        assertTrue(r.release(o), "the drop of the only reference frees it");
        assertEquals(0, r.count(o), "references of a freed object");
        if (live >= 0) {
            assertEquals(live, r.live(), "live objects after the free");
        }
    }

    private static void balance(ReferenceCount r) {
        Object o = r.create();
        for (int k = 0; k < 3; k++) {
            r.retain(o);
        }
        assertEquals(4, r.count(o), "references after three retains");
        for (int k = 3; k > 0; k--) {
            assertFalse(r.release(o), "a drop with references left");
            assertEquals(k, r.count(o), "references after a drop");
        }
        assertTrue(r.release(o), "the last drop");
    }

    private static void overRelease(ReferenceCount r) {
        Assumptions.assumeTrue(r.overRelease() == ObjectAllocator.Misuse.REFUSED, "its misuse is undefined");
        Object o = r.create();
        assertTrue(r.release(o));
        long live = r.live();
        assertThrows(RuntimeException.class, () -> r.release(o), "a drop past the last reference");
        assertEquals(live, r.live(), "live objects after a refused drop");
    }

    // ---------------------------------------------------------------- P-SUBJ-3 shared views

    private static byte[] content() {
        byte[] b = new byte[SharedViews.MAX_SIZE / 4];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }

    private static void reads(SharedViews v, Object view, byte[] content, String which) {
        for (int i = 0; i < content.length; i++) {
            assertEquals(content[i], v.read(view, i), which + ": byte " + i);
        }
    }

    private static void sameBytes(SharedViews v) {
        byte[] c = content();
        Object a = v.createWith(c);
        Object b = v.derive(a);
        reads(v, a, c, "the first view");
        reads(v, b, c, "the derived view");
        v.release(b);
        v.release(a);
    }

    private static void outlives(SharedViews v) {
        byte[] c = content();
        long data = v.liveData();
        Object a = v.createWith(c);
        Object b = v.derive(a);
        v.release(a);
        reads(v, b, c, "the derived view, after the first was released");
        if (data >= 0) {
            assertEquals(data + 1, v.liveData(), "data areas while a view holds the data");
        }
        v.release(b);
        if (data >= 0) {
            assertEquals(data, v.liveData(), "data areas after the last view");
        }
    }

    private static void viewsOfViews(SharedViews v) {
        byte[] c = content();
        long data = v.liveData();
        long live = v.live();
        Object a = v.createWith(c);
        Object b = v.derive(a);
        Object d = v.derive(b);
        v.release(b);
        v.release(a);
        reads(v, d, c, "a view of a view, after both were released");
        v.release(d);
        if (data >= 0) {
            assertEquals(data, v.liveData(), "data areas after the last view");
        }
        if (live >= 0) {
            assertEquals(live, v.live(), "views live after every release");
        }
    }
}
