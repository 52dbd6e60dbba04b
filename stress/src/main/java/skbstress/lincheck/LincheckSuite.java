package skbstress.lincheck;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

import java.util.List;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.util.LoggingLevel;
import skbstress.api.Refusals;
import skbstress.impl.slab.SlabArena;
import skbstress.impl.slab.ThreadCaches;

/**
 * Every Lincheck scenario ({@link Scenario}, declared by its test class) with Lincheck's options. The
 * budgets scale per profile: {@link Profile#CI} keeps the default test run inside its time (seconds per
 * scenario on 2 cores), {@link Profile#QUICK} is the stress job's short pass, {@link Profile#FULL} its long
 * run. Each scenario also runs its hand-written scenarios
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

    /**
     * Multipliers of a scenario's iterations, and of its invocations per iteration in each mode. CI takes
     * half the declared model-checking invocations: at three quarters the default test run took 15m43s on
     * 2 cores (2026-12-01, LincheckTest 342 s of it), past its 15 minutes. Stress runs are cheap, and the
     * depot canary's stress run missed at half, so CI keeps three quarters of those. QUICK's model checking is
     * at 0.3, so that the quick job's plan stays within its four minutes as races are added.
     */
    public enum Profile {
        QUICK(0.35, 0.3, 0.35), CI(1, 0.5, 0.75), FULL(4, 2.5, 2.5);

        final double iterations;
        final double modelCheckingInvocations;
        final double stressInvocations;

        Profile(double iterations, double modelCheckingInvocations, double stressInvocations) {
            this.iterations = iterations;
            this.modelCheckingInvocations = modelCheckingInvocations;
            this.stressInvocations = stressInvocations;
        }
    }

    /** Every scenario, then every canary (each declared next to its test class). */
    public static final List<Scenario> ALL = List.of(DepotLincheck.SCENARIO, SlabLincheck.SCENARIO,
            RefcountLincheck.SCENARIO, FcloneLincheck.SCENARIO, ZeroCopyLincheck.SCENARIO, MisuseLincheck.SCENARIO,
            FragListLincheck.SCENARIO, BrokenDepotLincheck.SCENARIO, BrokenRefcountLincheck.SCENARIO,
            BrokenFcloneLincheck.SCENARIO, BrokenZeroCopyLincheck.SCENARIO, BrokenMisuseLincheck.SCENARIO,
            BrokenFragListLincheck.SCENARIO, DeepRefcountLincheck.SCENARIO, CountLincheck.SCENARIO,
            BrokenCountLincheck.SCENARIO, ViewsLincheck.SCENARIO, BrokenViewsLincheck.SCENARIO, AllocLincheck.SCENARIO,
            BrokenAllocLincheck.SCENARIO);

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
            mc.addGuarantee(forClasses(Holdings.class.getName(), Handed.class.getName(), Tokens.class.getName(),
                    MagazineRule.class.getName(), ThreadCaches.class.getName()).allMethods().treatAsAtomic());
            mc.addGuarantee(forClasses(SlabArena.class.getName()).methods("local").treatAsAtomic());
            // A refused call builds its message with String.format, whose locale lookups in the JDK walk
            // ConcurrentHashMap bucket chains (a read-only loop, which Lincheck 3.7's await-loop analysis
            // takes for a spin) and, on a JVM's first use, initialize the locale providers in loops of more
            // than 10 iterations: either is reported as an active lock under checkObstructionFreedom (slab's
            // EXHAUSTED, fraglist's FREE_IN_USE), or aborts the thread inside a class initializer. Refusals
            // reads no shared state (every decision is taken before it is called), so it is left out.
            mc.addGuarantee(forClasses(Refusals.class.getName()).allMethods().ignore());
            o = mc;
        } else {
            o = new StressOptions();
        }
        for (String c : s.custom()) {
            o.addCustomScenario(CustomScenarios.parse(s.test(), c));
        }
        // its WARN lines (record fields it cannot track through Unsafe) say nothing about the code under test
        o.logLevel(LoggingLevel.ERROR);
        // A canary's failure is expected, and only its verdict is read: shrinking its scenario (re-running
        // smaller ones until the failure goes) took 13 of alloc-freed-twice's 15 s in CI. Real scenarios'
        // failures are shrunk, for a report a person reads.
        o.minimizeFailedScenario(!s.canary());
        return o.iterations(s.iterations(profile))
                .invocationsPerIteration(s.invocations(mode, profile))
                .threads(s.shape().threads())
                .actorsPerThread(s.shape().actorsPerThread())
                .actorsBefore(s.shape().actorsBefore())
                .actorsAfter(s.shape().actorsAfter())
                .sequentialSpecification(s.spec());
    }

    /**
     * Runs one scenario; throws Lincheck's assertion error on a failure. In the full profile, model checking
     * then searches the deep scenarios with their own budget; a deep canary runs only those.
     */
    public static void check(Scenario s, Mode mode, Profile profile) {
        if (!s.runsIn(profile) || !s.modes().contains(mode)) {
            throw new IllegalArgumentException(s.name() + " does not run in " + mode.label + " with the "
                    + profile.name().toLowerCase(java.util.Locale.ROOT) + " profile");
        }
        SkbScenario.fullCheck = mode == Mode.STRESS;
        if (s.expect() != Scenario.Expect.FAIL_MODEL_CHECKING) {
            options(s, mode, profile).check(s.test());
        }
        if (s.searchesDeep(mode, profile)) {
            deepOptions(s).check(s.test());
        }
    }

    /** Model checking of the deep scenarios alone, each with the scenario's deep budget. */
    static Options<?, ?> deepOptions(Scenario s) {
        Options<?, ?> o = options(s.custom(List.of()), Mode.MODEL_CHECKING, Profile.FULL);
        for (String c : s.deep().custom()) {
            o.addCustomScenario(CustomScenarios.parse(s.test(), c));
        }
        return o.iterations(0).invocationsPerIteration(s.deep().invocations());
    }
}
