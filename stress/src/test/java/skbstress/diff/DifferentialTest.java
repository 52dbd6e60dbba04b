package skbstress.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;
import skbstress.impl.SkbImpl;

/**
 * The implementation against the model, step by step, on random sequences. The default run does
 * {@value #SEEDS} seeds of {@value #STEPS} steps (at least 100,000 steps). A failure prints its seed,
 * its shrunk sequence, and the command that replays it:
 * <pre>
 * mvn -B -pl stress -am verify -Dtest=DifferentialTest#replay -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dskbstress.diff.seed=SEED -Dskbstress.diff.steps=N          (a generated run)
 * mvn ... -Dskbstress.diff.replay="allocSkb 10 0; clone 0; ..."     (an exact sequence)
 * </pre>
 */
class DifferentialTest {
    static final int SEEDS = 8;
    static final int STEPS = 12_500;
    static final long FIRST_SEED = Long.getLong("skbstress.diff.firstSeed", 20261126L);

    static final Supplier<SkbOps> IMPL = () -> new SkbImpl(new SkbConfig(0, 0, 0, 64));

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

    static String report(long seed, Differential.Failure f, Differential.Failure small) {
        return String.format("model and implementation disagree (seed %d) at %s%n"
                        + "shrunk to %d steps: %s%nfailing there with: %s%n"
                        + "replay: mvn -B -pl stress -am verify -Dtest=DifferentialTest#replay "
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
        List<Op> ops = List.of(new Op("allocSkb", new int[] {100, 1}), new Op("allocPage", new int[0]),
                new Op("put", new int[] {3, 40, 9}));
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
}
