package skbstress.lincheck;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

import java.util.List;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.util.LoggingLevel;
import skbstress.impl.slab.SlabArena;
import skbstress.impl.slab.ThreadCaches;

/**
 * Every Lincheck scenario with its options. The budgets scale per profile: {@link Profile#CI} keeps the
 * default test run inside its time (seconds per scenario on 2 cores), {@link Profile#QUICK} is the stress
 * job's short pass, {@link Profile#FULL} its long run. Each scenario also runs its hand-written scenarios
 * ({@link CustomScenarios}) in every profile. Canaries run like their real scenario and must fail.
 */
public final class LincheckSuite {
    private LincheckSuite() {}

    public enum Mode {
        MODEL_CHECKING("model-checking"), STRESS("stress");

        public final String label;

        Mode(String label) {
            this.label = label;
        }

        public static Mode of(String label) {
            for (Mode m : values()) {
                if (m.label.equals(label) || m.name().equalsIgnoreCase(label)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("mode '" + label + "' is neither model-checking nor stress");
        }
    }

    /** Multipliers of a scenario's iterations and invocations per iteration. */
    public enum Profile {
        QUICK(0.35, 0.35), CI(1, 1), FULL(4, 2.5);

        final double iterations;
        final double invocations;

        Profile(double iterations, double invocations) {
            this.iterations = iterations;
            this.invocations = invocations;
        }
    }

    /**
     * One scenario: its test class, sequential specification, shape, CI budgets (iterations, and
     * invocations per iteration in each mode), and the cost of one invocation in each mode measured on
     * the 2-core CI machine (milliseconds), from which the stress job plans its time.
     *
     * @param obstructionFree whether Lincheck also checks that no operation blocks (the slab and refcount
     *     paths)
     */
    public record Scenario(String name, String area, Class<?> test, Class<?> spec, int threads, int actorsPerThread,
                           int actorsBefore, int actorsAfter, int iterations, int mcInvocations,
                           int stressInvocations, boolean obstructionFree, String protects, List<String> custom,
                           double mcMillis, double stressMillis) {
        public boolean canary() {
            return test.getSimpleName().startsWith("Broken") || test.getSimpleName().startsWith("Wrong");
        }

        /** The same shape on a broken implementation: a canary. */
        Scenario broken(String canaryName, Class<?> brokenTest, String protectsWhat) {
            return new Scenario(canaryName, area, brokenTest, spec, threads, actorsPerThread, actorsBefore,
                    actorsAfter, iterations, mcInvocations, stressInvocations, obstructionFree, protectsWhat, custom,
                    mcMillis, stressMillis);
        }

        public int iterations(Profile p) {
            return Math.max(1, (int) Math.round(iterations * p.iterations));
        }

        public int invocations(Mode m, Profile p) {
            return Math.max(10, (int) Math.round((m == Mode.MODEL_CHECKING ? mcInvocations : stressInvocations)
                    * p.invocations));
        }

        /** Seconds a run should take here (a canary stops at its first failure, much sooner). */
        public double estimateSeconds(Mode m, Profile p) {
            double perInvocation = m == Mode.MODEL_CHECKING ? mcMillis : stressMillis;
            return 1 + (iterations(p) + custom.size()) * invocations(m, p) * perInvocation / 1000;
        }
    }

    private static final Scenario DEPOT = new Scenario("depot", "Slab", DepotLincheck.class,
            DepotLincheck.Spec.class, 2, 3, 0, 1, 30, 1000, 2000, true, "I-SLAB-1", DepotLincheck.CUSTOM, 0.35, 0.1);
    private static final Scenario SLAB = new Scenario("slab", "Slab", SlabLincheck.class, SlabLincheck.Spec.class,
            2, 3, 1, 1, 6, 200, 1000, true, "I-SLAB-1 I-SLAB-7 I-SLAB-9 P-SLAB-1", SlabLincheck.CUSTOM, 9, 0.6);
    private static final Scenario REFCOUNT = new Scenario("refcount", "Users", RefcountLincheck.class,
            RefcountLincheck.Spec.class, 2, 3, 1, 1, 6, 200, 1000, true, "I-USERS-2 I-USERS-3 I-DATA-2 I-DATA-3",
            RefcountLincheck.CUSTOM, 16, 0.6);
    private static final Scenario FCLONE = new Scenario("fclone", "Fclone", FcloneLincheck.class,
            FcloneLincheck.Spec.class, 2, 3, 0, 1, 6, 200, 1000, false, "I-FCLONE-1 I-FCLONE-3 I-FCLONE-4",
            FcloneLincheck.CUSTOM, 12, 0.6);
    private static final Scenario ZEROCOPY = new Scenario("zerocopy", "ZeroCopy", ZeroCopyLincheck.class,
            ZeroCopyLincheck.Spec.class, 2, 3, 0, 1, 4, 150, 1000, false, "I-ZCDRV-1 I-ZC-2",
            ZeroCopyLincheck.CUSTOM, 51, 0.6);

    private static final Scenario MISUSE = new Scenario("misuse", "Users", MisuseLincheck.class,
            MisuseLincheck.Spec.class, 2, 3, 1, 1, 6, 200, 1000, true, "I-USERS-2 I-USERS-3 I-DATA-3 I-FCLONE-3",
            MisuseLincheck.CUSTOM, 16, 0.6);

    public static final List<Scenario> ALL = List.of(DEPOT, SLAB, REFCOUNT, FCLONE, ZEROCOPY, MISUSE,
            DEPOT.broken("depot-missing-tag-bump", BrokenDepotLincheck.class, "I-SLAB-1"),
            REFCOUNT.broken("refcount-plain-users-decrement", BrokenRefcountLincheck.class, "I-USERS-2"),
            FCLONE.broken("fclone-pair-freed-at-one", BrokenFcloneLincheck.class, "I-FCLONE-1"),
            ZEROCOPY.broken("zerocopy-free-function-per-skb", BrokenZeroCopyLincheck.class, "I-ZCDRV-1"),
            MISUSE.broken("misuse-last-free-plain-read", BrokenMisuseLincheck.class, "I-USERS-2"));

    /** The scenario of this name. */
    public static Scenario named(String name) {
        for (Scenario s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no Lincheck scenario '" + name + "'; there are "
                + ALL.stream().map(Scenario::name).toList());
    }

    /** Lincheck's options for a scenario in a mode and profile. */
    public static Options<?, ?> options(Scenario s, Mode mode, Profile profile) {
        Options<?, ?> o;
        if (mode == Mode.MODEL_CHECKING) {
            ModelCheckingOptions mc = new ModelCheckingOptions();
            mc.checkObstructionFreedom(s.obstructionFree());
            // a new slab links its 128 objects in one loop; Lincheck's default bound (50) calls that a
            // livelock, so the bound sits above the largest slab a scenario grows
            mc.loopBound(300);
            // Test bookkeeping is not under test, and a thread's own magazines are touched by that thread
            // only: running their methods atomically prunes the search without hiding a shared access.
            mc.addGuarantee(forClasses(Holdings.class.getName(), MagazineRule.class.getName(),
                    ThreadCaches.class.getName()).allMethods().treatAsAtomic());
            mc.addGuarantee(forClasses(SlabArena.class.getName()).methods("local").treatAsAtomic());
            o = mc;
        } else {
            o = new StressOptions();
        }
        for (String c : s.custom()) {
            o.addCustomScenario(CustomScenarios.parse(s.test(), c));
        }
        // its WARN lines (record fields it cannot track through Unsafe) say nothing about the code under test
        o.logLevel(LoggingLevel.ERROR);
        return o.iterations(s.iterations(profile))
                .invocationsPerIteration(s.invocations(mode, profile))
                .threads(s.threads())
                .actorsPerThread(s.actorsPerThread())
                .actorsBefore(s.actorsBefore())
                .actorsAfter(s.actorsAfter())
                .sequentialSpecification(s.spec());
    }

    /** Runs one scenario; throws Lincheck's assertion error on a failure. */
    public static void check(Scenario s, Mode mode, Profile profile) {
        SkbScenario.fullCheck = mode == Mode.STRESS;
        options(s, mode, profile).check(s.test());
    }
}
