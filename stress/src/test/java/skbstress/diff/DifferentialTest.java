package skbstress.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import skbstress.api.KernelProfile;
import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;
import skbstress.impl.SkbImpl;
import skbstress.model.SkbModel;

/**
 * The implementation against the model, step by step, on random sequences. The default run does
 * {@value #SEEDS} seeds of {@value #STEPS} steps (at least 100,000 steps). A failure prints its seed,
 * its shrunk sequence, and the command that replays it:
 * <pre>
 * ./mvnw -B -pl stress -am verify -Dtest=DifferentialTest#replay -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dskbstress.diff.seed=SEED -Dskbstress.diff.steps=N          (a generated run)
 * mvn ... -Dskbstress.diff.replay="allocSkb 1074 1; clone -1; free -2"     (an exact sequence)
 * </pre>
 */
class DifferentialTest {
    static final int SEEDS = 8;
    static final int STEPS = 12_500;
    static final long FIRST_SEED = Long.getLong("skbstress.diff.firstSeed", 20261126L);

    static final SkbConfig CONFIG = new SkbConfig(0, 0, 0, 64);
    static final Supplier<SkbOps> IMPL = () -> new SkbImpl(CONFIG);

    @Test
    void theImplementationAgreesWithTheModel() {
        int total = 0;
        for (int k = 0; k < SEEDS; k++) {
            long seed = FIRST_SEED + k;
            Differential.Failure f = Differential.generated(IMPL, seed, STEPS);
            if (f != null) {
                Differential.Failure small = Shrinker.shrink(IMPL, f, 60_000);
                throw new AssertionError(report(seed, f, small));
            }
            total += STEPS;
        }
        assertThat(total).isGreaterThanOrEqualTo(100_000);
    }

    /** The same on tiny caches of every kind, so that exhaustion's refusals are compared (not shrunk). */
    @Test
    void theImplementationAgreesWithTheModelWhenEveryCacheIsBounded() {
        SkbConfig tiny = new SkbConfig(4, 2, 4, 16);
        int total = 0;
        for (int k = 0; k < 4; k++) {
            long seed = FIRST_SEED + 100 + k;
            Differential.Failure f = Differential.generated(tiny, SkbImpl::new, seed, 5_000);
            assertThat(f).as("seed %d on %s: %s%nsteps: %s", seed, tiny, f, f == null ? "" : Op.format(f.steps()))
                    .isNull();
            total += 5_000;
        }
        assertThat(total).isEqualTo(20_000);
    }

    /** The seeds' geometry (specs/geometry.md) on both sides: every step's sizes and refusals compared in it too. */
    @Test
    void theImplementationAgreesWithTheModelInTheSeedProfile() {
        SkbConfig seedProfile = CONFIG.withProfile(KernelProfile.SEED_2_6);
        int total = 0;
        for (int k = 0; k < 2; k++) {
            long seed = FIRST_SEED + 200 + k;
            Differential.Failure f = Differential.generated(seedProfile, SkbImpl::new, seed, 5_000);
            assertThat(f).as("seed %d on %s: %s%nsteps: %s", seed, seedProfile, f,
                    f == null ? "" : Op.format(f.steps())).isNull();
            total += 5_000;
        }
        assertThat(total).isEqualTo(10_000);
    }

    static String report(long seed, Differential.Failure f, Differential.Failure small) {
        return String.format("model and implementation disagree (seed %d) at %s%n"
                        + "shrunk to %d steps: %s%nfailing there with: %s%n"
                        + "replay: ./mvnw -B -pl stress -am verify -Dtest=DifferentialTest#replay "
                        + "-Dsurefire.failIfNoSpecifiedTests=false -Dskbstress.diff.seed=%d -Dskbstress.diff.steps=%d%n"
                        + "    or: ... -Dskbstress.diff.replay=\"%s\"",
                seed, f, small.steps().size(), Op.format(small.steps()), small.why(), seed, f.step() + 1,
                Op.format(small.steps()));
    }

    /** Replays what a failure printed; without the properties it replays one short generated run. */
    @Test
    void replay() {
        String ops = System.getProperty("skbstress.diff.replay");
        Differential.Failure f;
        if (ops != null) {
            f = Differential.run(IMPL, Op.parse(ops));
        } else {
            long seed = Long.getLong("skbstress.diff.seed", FIRST_SEED);
            f = Differential.generated(IMPL, seed, Integer.getInteger("skbstress.diff.steps", 2_000));
        }
        assertThat(f).as("%s", f).isNull();
    }

    @Test
    void stepsSurviveTheirTextForm() {
        List<Op> ops = List.of(new Op(Step.ALLOC_SKB, new int[] {100, 1}), new Op(Step.ALLOC_PAGE, new int[0]),
                new Op(Step.PUT, new int[] {-1, 40, 9}), new Op(Step.FREE, new int[] {Step.NONE}));
        assertThat(Op.parse(Op.format(ops))).isEqualTo(ops);
        String readme = "allocSkb 1074 1; clone -1; free -2";
        assertThat(Op.format(Op.parse(readme))).isEqualTo(readme);
    }

    /** Generation and the text form agree: every step is generated, and what is generated parses back. */
    @Test
    void everyStepIsGeneratedAndParsesBack() {
        Differential d = new Differential(IMPL);
        Random r = new Random(FIRST_SEED);
        List<Op> ops = new ArrayList<>();
        for (int k = 0; k < 5_000; k++) {
            Op op = d.generate(r);
            ops.add(op);
            assertThat(d.step(op)).as("step %d (%s)", k, op).isNull();
        }
        assertThat(ops.stream().map(Op::step).distinct()).as("steps generated")
                .containsExactlyInAnyOrder(Step.values());
        assertThat(Op.parse(Op.format(ops))).isEqualTo(ops);
    }

    /** The harness can fail: an implementation that frees the fclone pair at 1 is caught and shrunk. */
    @Test
    void aBrokenImplementationIsCaughtAndShrunk() {
        Supplier<SkbOps> broken = () -> skbstress.canary.Canaries.fclonePairFreedAtOne(new SkbConfig(0, 0, 0, 64), 32);
        Differential.Failure f = null;
        long seed = FIRST_SEED;
        for (; f == null && seed < FIRST_SEED + 20; seed++) {
            f = Differential.generated(broken, seed, 3_000);
        }
        assertThat(f).as("the broken variant went unnoticed").isNotNull();
        Differential.Failure small = Shrinker.shrink(broken, f, 30_000);
        System.out.println("[canary PAIR_FREED_AT_ONE] " + report(seed - 1, f, small));
        assertThat(small.steps().size()).isLessThan(12);
        assertThat(Differential.run(broken, small.steps())).isNotNull();
        assertThat(Differential.run(IMPL, small.steps())).as("the same steps pass on the real implementation").isNull();
    }

    // ---------------------------------------------------------------- crashes

    /** {@code ops} with {@code method} throwing an ArithmeticException: a crash, not a named refusal. */
    static SkbOps crashing(SkbOps ops, String method) {
        return (SkbOps) Proxy.newProxyInstance(SkbOps.class.getClassLoader(), new Class<?>[] {SkbOps.class},
                (proxy, m, args) -> {
                    if (m.getName().equals(method)) {
                        throw new ArithmeticException(method + " divided by zero");
                    }
                    try {
                        return m.invoke(ops, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static final List<Op> ALLOC_CLONE_FREE = Op.parse("allocSkb 1074 1; clone -1; free -2; free -1");

    @Test
    void theStepsUsedForCrashesPassUnbroken() {
        assertThat(new Differential(new SkbModel(CONFIG), IMPL.get()).replay(ALLOC_CLONE_FREE)).isNull();
    }

    @Test
    void bothSidesCrashingAlikeIsAFailureNotAgreement() {
        Differential d = new Differential(crashing(new SkbModel(CONFIG), "clone"), crashing(IMPL.get(), "clone"));
        Differential.Failure f = d.replay(ALLOC_CLONE_FREE);
        assertThat(f).as("both sides threw ArithmeticException from clone").isNotNull();
        assertThat(f.step()).isEqualTo(1);
        assertThat(f.why()).contains("the model crashed").contains("the implementation crashed")
                .contains("java.lang.ArithmeticException: clone divided by zero").contains("\tat ");
    }

    @Test
    void aCrashOfTheImplementationAloneIsAFailureThatNamesIt() {
        Differential d = new Differential(new SkbModel(CONFIG), crashing(IMPL.get(), "clone"));
        Differential.Failure f = d.replay(ALLOC_CLONE_FREE);
        assertThat(f).isNotNull();
        assertThat(f.step()).isEqualTo(1);
        assertThat(f.why()).startsWith("the implementation crashed").doesNotContain("the model crashed")
                .contains("java.lang.ArithmeticException: clone divided by zero").contains("\tat ");
    }

    @Test
    void aCrashOfTheModelAloneIsAFailureThatNamesIt() {
        Differential d = new Differential(crashing(new SkbModel(CONFIG), "free"), IMPL.get());
        Differential.Failure f = d.replay(ALLOC_CLONE_FREE);
        assertThat(f).isNotNull();
        assertThat(f.step()).isEqualTo(2);
        assertThat(f.why()).startsWith("the model crashed").doesNotContain("the implementation crashed")
                .contains("java.lang.ArithmeticException: free divided by zero");
    }

    @Test
    void aCrashWhileTakingASnapshotIsAFailure() {
        Differential d = new Differential(new SkbModel(CONFIG), IMPL.get());
        Differential broken = new Differential(new SkbModel(CONFIG), crashingAfter(IMPL.get(), "clone", "snapshot"));
        assertThat(d.replay(ALLOC_CLONE_FREE)).isNull();
        Differential.Failure f = broken.replay(ALLOC_CLONE_FREE);
        assertThat(f).isNotNull();
        assertThat(f.step()).isEqualTo(1);
        assertThat(f.why()).startsWith("the implementation crashed").contains("snapshot");
    }

    /** {@code ops} whose {@code method} throws once {@code trigger} has been called. */
    private static SkbOps crashingAfter(SkbOps ops, String trigger, String method) {
        boolean[] armed = {false};
        return (SkbOps) Proxy.newProxyInstance(SkbOps.class.getClassLoader(), new Class<?>[] {SkbOps.class},
                (proxy, m, args) -> {
                    if (armed[0] && m.getName().equals(method)) {
                        throw new NullPointerException(method + " after " + trigger);
                    }
                    armed[0] |= m.getName().equals(trigger);
                    try {
                        return m.invoke(ops, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    // ---------------------------------------------------------------- the text form

    @Test
    void parsingRefusesWhatNoStepCanBe() {
        assertThatThrownBy(() -> Op.parse("frobnicate 1 2; free -1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step 0").hasMessageContaining("'frobnicate'");
        assertThatThrownBy(() -> Op.parse("allocSkb 10 1; free")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step 1").hasMessageContaining("'free'");
        assertThatThrownBy(() -> Op.parse("allocSkb 10 1; clone -1; free -3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step 2")
                .hasMessageContaining("'-3'");
        assertThatThrownBy(() -> Op.parse("free -1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step 0").hasMessageContaining("'-1'");
        assertThatThrownBy(() -> Op.parse("allocSkb 10 one")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 2").hasMessageContaining("'one'");
        assertThatThrownBy(() -> Op.parse("allocSkb 10 1;; free -1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step 1");
        assertThatThrownBy(() -> Op.parse("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no steps");
    }
}
