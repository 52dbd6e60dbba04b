package skbstress.races;

import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.Outcome;
import skbstress.api.SkbConfig;
import skbstress.api.SkbDiagnostics;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;
import skbstress.impl.SkbImpl;
import skbstress.model.SkbModel;

/** Helpers the races share. */
public final class Races {
    private Races() {}

    /** What an actor reports for a refused call. */
    public static final int REFUSED = -1;
    /** An actor's observation when a call it expected to go through was refused: never the model's. */
    public static final int UNEXPECTED = -99;
    /**
     * An observation when the implementation reported itself corrupt, by name (an IllegalStateException
     * such as the allocator's SlabCorruption: an object free twice, a cycle): never the model's.
     */
    public static final int CORRUPT = -98;
    /**
     * An observation when a call crashed (any other exception or assertion, a stack overflow): never the
     * model's, so jcstress reports it as the FORBIDDEN outcome it is rather than as an error of the test.
     */
    public static final int CRASHED = -97;

    /** The system property that names the subject a run checks (the job's {@code --subject}). */
    public static final String SUBJECT_PROPERTY = "skbstress.subject";

    /**
     * A subject instance lent for the length of {@link #runOn} (a user's own, from JUnit), which need not be
     * registered by name. Volatile: Lincheck builds its test instances on threads of its own.
     */
    private static volatile skbstress.api.subject.Subject lent;

    /**
     * Runs {@code work} with {@code subject} as this JVM's subject, one lender at a time: the in-process
     * Lincheck scenarios of {@code SubjectContracts.linearizable} build their test instances from it.
     */
    public static synchronized void runOn(skbstress.api.subject.Subject subject, Runnable work) {
        lent = subject;
        try {
            work.run();
        } finally {
            lent = null;
        }
    }

    /** Subjects by name, found once: a run builds a test instance per Lincheck invocation. */
    private static final java.util.Map<String, skbstress.api.subject.Subject> NAMED =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The subject this JVM's races run on: one lent by {@link #runOn}, else {@link #SUBJECT_PROPERTY}, else ours. */
    public static skbstress.api.subject.Subject subject() {
        skbstress.api.subject.Subject s = lent;
        return s != null ? s : NAMED.computeIfAbsent(System.getProperty(SUBJECT_PROPERTY,
                skbstress.subject.Subjects.DEFAULT), skbstress.subject.Subjects::named);
    }

    /** The skb operations the races run on: ours, unless a lent subject or {@link #SUBJECT_PROPERTY} says another. */
    public static SkbOps impl() {
        return skbOps(() -> new SkbImpl(SkbConfig.UNBOUNDED));
    }

    /**
     * The subject's skb operations, or {@code ours} when the subject is ours (so that a test can build ours
     * with a configuration of its own, as the Lincheck scenarios' small magazines).
     */
    public static SkbOps skbOps(java.util.function.Supplier<SkbOps> ours) {
        skbstress.api.subject.Subject s = lent;
        if (s == null) {
            String named = System.getProperty(SUBJECT_PROPERTY);
            if (named == null || named.equals(skbstress.subject.Subjects.DEFAULT)) {
                return ours.get();
            }
            s = subject();
        }
        return s.name().equals(skbstress.subject.Subjects.DEFAULT) ? ours.get() : s.newSkbOps();
    }

    public static SkbOps model() {
        return new SkbModel();
    }

    /** 1 when the call went through, {@link #REFUSED} when it was refused. */
    public static int ok(Runnable call) {
        try {
            call.run();
            return 1;
        } catch (SkbException e) {
            return REFUSED;
        } catch (IllegalStateException e) {
            return CORRUPT;
        }
    }

    /**
     * A jcstress test's outcome table: its own, or, for a canary, its race's ({@code @JCStressMeta}), so
     * that a canary is always judged by exactly the table its race passes.
     */
    public static Outcome[] outcomes(Class<?> test) {
        JCStressMeta meta = test.getAnnotation(JCStressMeta.class);
        return (meta != null ? meta.value() : test).getAnnotationsByType(Outcome.class);
    }

    /** A free's result: 1 released, 0 kept, {@link #REFUSED} refused. */
    public static int freed(SkbOps ops, long skb) {
        try {
            return ops.free(skb) ? 1 : 0;
        } catch (SkbException e) {
            return REFUSED;
        } catch (IllegalStateException e) {
            return CORRUPT;
        }
    }

    /**
     * 1 when nothing is left alive or warned about (every cache back to zero, on either side), else 0; a
     * corrupt allocator, reported by name, counts as not quiet.
     */
    public static int quiet(SkbOps ops) {
        try {
            if (ops instanceof SkbDiagnostics d) {
                return bit(d.leaks().emptyButPoison()); // the poison races count their writes after free apart
            }
            Snapshot s = ops.snapshot();
            return bit(s.liveObjects() == 0 && s.skbs().isEmpty() && s.warnings().isEmpty());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** 1 when the implementation's snapshot keeps every invariant the model checks, else 0. */
    public static int consistent(SkbOps ops) {
        try {
            new skbstress.model.InvariantChecker().check(ops.snapshot());
            return 1;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    public static int bit(boolean b) {
        return b ? 1 : 0;
    }

    /** Live objects of a cache, exact at quiescence, on either side. */
    public static int live(SkbOps ops, int cache) {
        try {
            return ops instanceof SkbDiagnostics d ? d.liveObjects(cache) : ops.snapshot().caches().get(cache).live();
        } catch (IllegalStateException e) {
            return CORRUPT;
        }
    }

    /** users of a live skb, or REFUSED when it is not live. */
    public static int users(SkbOps ops, long skb) {
        try {
            return ops.view(skb).users();
        } catch (SkbException e) {
            return REFUSED;
        } catch (IllegalStateException e) {
            return CORRUPT;
        }
    }
}
