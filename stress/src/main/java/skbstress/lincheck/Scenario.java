package skbstress.lincheck;

import java.util.List;

/**
 * One Lincheck scenario and its options, declared next to its test class ({@code SCENARIO}) and
 * collected in {@link LincheckSuite#ALL}. Built from its identity and changed one option at a time:
 *
 * <pre>
 *   Scenario.of("depot", "Slab", DepotLincheck.class, DepotLincheck.Spec.class)
 *           .shape(2, 3, 0, 1).budget(30, 1000, 2000).checkingObstructionFreedom().protects("I-SLAB-1")
 *           .custom(CUSTOM).cost(0.35, 0.1)
 * </pre>
 *
 * A canary is the same scenario on a broken subject that declares its expected failure:
 * {@code DepotLincheck.SCENARIO.broken("depot-missing-tag-bump", BrokenDepotLincheck.class, "I-SLAB-1")}.
 *
 * @param shape threads, actors per thread, actors before and after the parallel part
 * @param budget CI's iterations, and invocations per iteration in each mode
 * @param obstructionFree whether Lincheck also checks that no operation blocks (the slab and refcount paths)
 * @param protects the invariant ids a failure breaks
 * @param custom hand-written scenarios ({@link CustomScenarios}) searched in every profile
 * @param deep hand-written scenarios whose failures need three context switches, searched by model checking
 *     with a budget of their own in the full profile only
 * @param cost milliseconds one invocation takes on the 2-core CI machine, in each mode: the stress job
 *     plans its time from them
 * @param expect whether the scenario must pass, or (a canary) must fail on the verdict it was made for
 */
public record Scenario(String name, String area, Class<?> test, Class<?> spec, Shape shape, Budget budget,
                       boolean obstructionFree, String protects, List<String> custom, Deep deep, Cost cost,
                       Expect expect) {
    /** How many threads and actors Lincheck generates. */
    public record Shape(int threads, int actorsPerThread, int actorsBefore, int actorsAfter) {}

    /** CI's search: iterations (random scenarios), and invocations (interleavings or runs) per iteration. */
    public record Budget(int iterations, int modelCheckingInvocations, int stressInvocations) {}

    /**
     * Hand-written scenarios searched by model checking with {@code invocations} each, in the full profile
     * only: a bug whose shortest failing schedule has three context switches is found there, and CI's budget
     * (about 100 invocations a scenario) does not reach it. {@code millis}: one invocation's measured cost.
     */
    public record Deep(List<String> custom, int invocations, double millis) {
        static final Deep NONE = new Deep(List.of(), 0, 0);
    }

    /** The measured cost of one invocation in milliseconds. */
    public record Cost(double modelCheckingMillis, double stressMillis) {}

    /** What a run of the scenario must show. */
    public enum Expect {
        /** Linearizable, and every invariant holds at quiescence. */
        PASS,
        /** A canary: non-linearizable, or broken at quiescence (not a crash of the test, not a timeout). */
        FAIL,
        /**
         * A canary whose shortest failing schedule has three context switches: it measures how deep model
         * checking searches, so it runs in that mode only (a stress run meets such a schedule by luck).
         */
        FAIL_MODEL_CHECKING
    }

    /** A scenario with Lincheck's smallest useful shape and budget, to be refined by the withers. */
    public static Scenario of(String name, String area, Class<?> test, Class<?> spec) {
        return new Scenario(name, area, test, spec, new Shape(2, 3, 0, 1), new Budget(6, 200, 1000), false, "",
                List.of(), Deep.NONE, new Cost(10, 0.6), Expect.PASS);
    }

    public Scenario shape(int threads, int actorsPerThread, int actorsBefore, int actorsAfter) {
        return new Scenario(name, area, test, spec, new Shape(threads, actorsPerThread, actorsBefore, actorsAfter),
                budget, obstructionFree, protects, custom, deep, cost, expect);
    }

    public Scenario budget(int iterations, int modelCheckingInvocations, int stressInvocations) {
        return new Scenario(name, area, test, spec, shape, new Budget(iterations, modelCheckingInvocations,
                stressInvocations), obstructionFree, protects, custom, deep, cost, expect);
    }

    public Scenario checkingObstructionFreedom() {
        return new Scenario(name, area, test, spec, shape, budget, true, protects, custom, deep, cost, expect);
    }

    public Scenario protects(String ids) {
        return new Scenario(name, area, test, spec, shape, budget, obstructionFree, ids, custom, deep, cost, expect);
    }

    public Scenario custom(List<String> scenarios) {
        return new Scenario(name, area, test, spec, shape, budget, obstructionFree, protects, List.copyOf(scenarios),
                deep, cost, expect);
    }

    /** Hand-written scenarios searched with {@code invocations} each in the full profile ({@link Deep}). */
    public Scenario deep(int invocations, double millis, List<String> scenarios) {
        return new Scenario(name, area, test, spec, shape, budget, obstructionFree, protects, custom,
                new Deep(List.copyOf(scenarios), invocations, millis), cost, expect);
    }

    public Scenario cost(double modelCheckingMillis, double stressMillis) {
        return new Scenario(name, area, test, spec, shape, budget, obstructionFree, protects, custom,
                deep, new Cost(modelCheckingMillis, stressMillis), expect);
    }

    /** The same shape and budget on a broken subject, which must fail and break {@code protectsWhat}. */
    public Scenario broken(String canaryName, Class<?> brokenTest, String protectsWhat) {
        if (!test.isAssignableFrom(brokenTest)) { // the canary must run the real scenario's operations
            throw new IllegalArgumentException(brokenTest.getName() + " does not extend " + test.getName());
        }
        return new Scenario(canaryName, area, brokenTest, spec, shape, budget, obstructionFree, protectsWhat, custom,
                deep, cost, Expect.FAIL);
    }

    /**
     * The same, for a bug whose shortest failing schedule needs three context switches: run by model
     * checking only, whose budget must reach it.
     */
    public Scenario brokenDeep(String canaryName, Class<?> brokenTest, String protectsWhat) {
        if (deep.custom().isEmpty()) {
            throw new IllegalArgumentException(name + " searches no deep scenario for " + canaryName + " to fail in");
        }
        Scenario s = broken(canaryName, brokenTest, protectsWhat);
        return new Scenario(s.name, area, s.test, spec, shape, budget, obstructionFree, s.protects, custom,
                deep, cost, Expect.FAIL_MODEL_CHECKING);
    }

    public boolean canary() {
        return expect != Expect.PASS;
    }

    /** Whether it runs in this profile: a deep canary only where the deep scenarios are searched (full). */
    public boolean runsIn(LincheckSuite.Profile p) {
        return expect != Expect.FAIL_MODEL_CHECKING || p == LincheckSuite.Profile.FULL;
    }

    /** Whether a model-checking run in this profile also searches the deep scenarios. */
    public boolean searchesDeep(LincheckSuite.Mode m, LincheckSuite.Profile p) {
        return m == LincheckSuite.Mode.MODEL_CHECKING && p == LincheckSuite.Profile.FULL && !deep.custom().isEmpty();
    }

    /** The modes the scenario runs in: both, but model checking only for a deep canary. */
    public List<LincheckSuite.Mode> modes() {
        return expect == Expect.FAIL_MODEL_CHECKING ? List.of(LincheckSuite.Mode.MODEL_CHECKING)
                : List.of(LincheckSuite.Mode.values());
    }

    public int iterations(LincheckSuite.Profile p) {
        return Math.max(1, (int) Math.round(budget.iterations() * p.iterations));
    }

    public int invocations(LincheckSuite.Mode m, LincheckSuite.Profile p) {
        return Math.max(10, (int) Math.round(m == LincheckSuite.Mode.MODEL_CHECKING
                ? budget.modelCheckingInvocations() * p.modelCheckingInvocations
                : budget.stressInvocations() * p.stressInvocations));
    }

    /** Invocations of a run that finds nothing: the generated and hand-written scenarios', then the deep ones. */
    public long plannedInvocations(LincheckSuite.Mode m, LincheckSuite.Profile p) {
        long deepInvocations = searchesDeep(m, p) ? (long) deep.custom().size() * deep.invocations() : 0;
        if (expect == Expect.FAIL_MODEL_CHECKING) {
            return deepInvocations;
        }
        return (long) (iterations(p) + custom.size()) * invocations(m, p) + deepInvocations;
    }

    /** Seconds a run should take here (a canary stops at its first failure, much sooner). */
    public double estimateSeconds(LincheckSuite.Mode m, LincheckSuite.Profile p) {
        double perInvocation = m == LincheckSuite.Mode.MODEL_CHECKING ? cost.modelCheckingMillis() : cost.stressMillis();
        double deepSeconds = searchesDeep(m, p) ? deep.custom().size() * deep.invocations() * deep.millis() / 1000 : 0;
        if (expect == Expect.FAIL_MODEL_CHECKING) {
            return 1 + deepSeconds; // only the deep scenarios
        }
        return 1 + (iterations(p) + custom.size()) * invocations(m, p) * perInvocation / 1000 + deepSeconds;
    }
}
