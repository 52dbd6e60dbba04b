package skbstress.lincheck;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

import java.util.List;
import org.jetbrains.lincheck.datastructures.ManagedOptions;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;
import skbstress.impl.slab.SlabArena;
import skbstress.impl.slab.ThreadCaches;

/**
 * Every Lincheck scenario with its options. The budgets are per profile: {@link Profile#CI} keeps the
 * default test run inside its time (a few seconds per scenario, measured on 2 cores), {@link
 * Profile#FULL} is the stress job's long run. Canaries run with the CI budget and must fail.
 */
public final class LincheckSuite {
    private LincheckSuite() {}

    public enum Mode { MODEL_CHECKING, STRESS }

    public enum Profile { CI, FULL }

    /**
     * One scenario: its test class, sequential specification, shape, and budgets (model-checking
     * invocations per iteration, stress invocations per iteration) for the CI profile.
     *
     * @param obstructionFree whether Lincheck also checks that no operation blocks (the slab and refcount
     *     paths)
     */
    public record Scenario(String name, String area, Class<?> test, Class<?> spec, int threads, int actorsPerThread,
                           int actorsBefore, int actorsAfter, int iterations, int mcInvocations,
                           int stressInvocations, boolean obstructionFree, String protects, List<String> custom) {
        public boolean canary() {
            return test.getSimpleName().startsWith("Broken") || test.getSimpleName().startsWith("Wrong");
        }
    }

    public static final List<Scenario> ALL = List.of(
            new Scenario("depot", "Slab", DepotLincheck.class, DepotLincheck.Spec.class, 2, 3, 0, 1, 30, 1000,
                    2000, true, "I-SLAB-1", DepotLincheck.CUSTOM),
            new Scenario("slab", "Slab", SlabLincheck.class, SlabLincheck.Spec.class, 2, 3, 1, 1, 6, 200,
                    1000, true, "I-SLAB-1 I-SLAB-7 I-SLAB-9 P-SLAB-1", SlabLincheck.CUSTOM),
            new Scenario("refcount", "Users", RefcountLincheck.class, RefcountLincheck.Spec.class, 2, 3, 1, 1, 6, 200,
                    1000, true, "I-USERS-2 I-USERS-3 I-DATA-2 I-DATA-3", RefcountLincheck.CUSTOM),
            new Scenario("fclone", "Fclone", FcloneLincheck.class, FcloneLincheck.Spec.class, 2, 3, 0, 1, 6, 200,
                    1000, false, "I-FCLONE-1 I-FCLONE-3 I-FCLONE-4", FcloneLincheck.CUSTOM),
            new Scenario("zerocopy", "ZeroCopy", ZeroCopyLincheck.class, ZeroCopyLincheck.Spec.class, 2, 3, 0, 1, 4,
                    150, 1000, false, "I-ZCDRV-1 I-ZC-2", ZeroCopyLincheck.CUSTOM),
            // canaries: each must fail
            new Scenario("depot-missing-tag-bump", "Slab", BrokenDepotLincheck.class, DepotLincheck.Spec.class, 2, 3,
                    0, 1, 30, 1000, 2000, true, "I-SLAB-1", DepotLincheck.CUSTOM),
            new Scenario("refcount-plain-users-decrement", "Users", BrokenRefcountLincheck.class,
                    RefcountLincheck.Spec.class, 2, 3, 1, 1, 6, 200, 1000, true, "I-USERS-2",
                    RefcountLincheck.CUSTOM),
            new Scenario("fclone-pair-freed-at-one", "Fclone", BrokenFcloneLincheck.class, FcloneLincheck.Spec.class,
                    2, 3, 0, 1, 6, 200, 1000, false, "I-FCLONE-1", FcloneLincheck.CUSTOM),
            new Scenario("zerocopy-free-function-per-skb", "ZeroCopy", BrokenZeroCopyLincheck.class,
                    ZeroCopyLincheck.Spec.class, 2, 3, 0, 1, 6, 200, 1000, false, "I-ZCDRV-1",
                    ZeroCopyLincheck.CUSTOM));

    /** Lincheck's options for a scenario in a mode and profile. */
    public static Options<?, ?> options(Scenario s, Mode mode, Profile profile) {
        int scale = profile == Profile.FULL ? 20 : 1;
        Options<?, ?> o;
        if (mode == Mode.MODEL_CHECKING) {
            ModelCheckingOptions mc = new ModelCheckingOptions()
                    .invocationsPerIteration(s.mcInvocations() * scale);
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
            o = new StressOptions().invocationsPerIteration(s.stressInvocations() * scale);
        }
        for (String c : s.custom()) {
            o.addCustomScenario(CustomScenarios.parse(s.test(), c));
        }
        return o.iterations(s.iterations() * scale)
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

    @SuppressWarnings("unused")
    private static ManagedOptions<?, ?> managed(Options<?, ?> o) {
        return (ManagedOptions<?, ?>) o;
    }
}
