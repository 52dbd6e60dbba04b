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
 * @param cost milliseconds one invocation takes on the 2-core CI machine, in each mode: the stress job
 *     plans its time from them
 * @param expect whether the scenario must pass, or (a canary) must fail on the verdict it was made for
 */
public record Scenario(String name, String area, Class<?> test, Class<?> spec, Shape shape, Budget budget,
                       boolean obstructionFree, String protects, List<String> custom, Cost cost, Expect expect) {
    /** How many threads and actors Lincheck generates. */
    public record Shape(int threads, int actorsPerThread, int actorsBefore, int actorsAfter) {}

    /** CI's search: iterations (random scenarios), and invocations (interleavings or runs) per iteration. */
    public record Budget(int iterations, int modelCheckingInvocations, int stressInvocations) {}

    /** The measured cost of one invocation in milliseconds. */
    public record Cost(double modelCheckingMillis, double stressMillis) {}

    /** What a run of the scenario must show. */
    public enum Expect {
        /** Linearizable, and every invariant holds at quiescence. */
        PASS,
        /** A canary: non-linearizable, or broken at quiescence (not a crash of the test, not a timeout). */
        FAIL
    }

    /** A scenario with Lincheck's smallest useful shape and budget, to be refined by the withers. */
    public static Scenario of(String name, String area, Class<?> test, Class<?> spec) {
        return new Scenario(name, area, test, spec, new Shape(2, 3, 0, 1), new Budget(6, 200, 1000), false, "",
                List.of(), new Cost(10, 0.6), Expect.PASS);
    }

    public Scenario shape(int threads, int actorsPerThread, int actorsBefore, int actorsAfter) {
        return new Scenario(name, area, test, spec, new Shape(threads, actorsPerThread, actorsBefore, actorsAfter),
                budget, obstructionFree, protects, custom, cost, expect);
    }

    public Scenario budget(int iterations, int modelCheckingInvocations, int stressInvocations) {
        return new Scenario(name, area, test, spec, shape, new Budget(iterations, modelCheckingInvocations,
                stressInvocations), obstructionFree, protects, custom, cost, expect);
    }

    public Scenario checkingObstructionFreedom() {
        return new Scenario(name, area, test, spec, shape, budget, true, protects, custom, cost, expect);
    }

    public Scenario protects(String ids) {
        return new Scenario(name, area, test, spec, shape, budget, obstructionFree, ids, custom, cost, expect);
    }

    public Scenario custom(List<String> scenarios) {
        return new Scenario(name, area, test, spec, shape, budget, obstructionFree, protects, List.copyOf(scenarios),
                cost, expect);
    }

    public Scenario cost(double modelCheckingMillis, double stressMillis) {
        return new Scenario(name, area, test, spec, shape, budget, obstructionFree, protects, custom,
                new Cost(modelCheckingMillis, stressMillis), expect);
    }

    /** The same shape and budget on a broken subject, which must fail and break {@code protectsWhat}. */
    public Scenario broken(String canaryName, Class<?> brokenTest, String protectsWhat) {
        if (!test.isAssignableFrom(brokenTest)) { // the canary must run the real scenario's operations
            throw new IllegalArgumentException(brokenTest.getName() + " does not extend " + test.getName());
        }
        return new Scenario(canaryName, area, brokenTest, spec, shape, budget, obstructionFree, protectsWhat, custom,
                cost, Expect.FAIL);
    }

    public boolean canary() {
        return expect == Expect.FAIL;
    }

    public int iterations(LincheckSuite.Profile p) {
        return Math.max(1, (int) Math.round(budget.iterations() * p.iterations));
    }

    public int invocations(LincheckSuite.Mode m, LincheckSuite.Profile p) {
        return Math.max(10, (int) Math.round((m == LincheckSuite.Mode.MODEL_CHECKING
                ? budget.modelCheckingInvocations() : budget.stressInvocations()) * p.invocations));
    }

    /** Seconds a run should take here (a canary stops at its first failure, much sooner). */
    public double estimateSeconds(LincheckSuite.Mode m, LincheckSuite.Profile p) {
        double perInvocation = m == LincheckSuite.Mode.MODEL_CHECKING ? cost.modelCheckingMillis() : cost.stressMillis();
        return 1 + (iterations(p) + custom.size()) * invocations(m, p) * perInvocation / 1000;
    }
}
