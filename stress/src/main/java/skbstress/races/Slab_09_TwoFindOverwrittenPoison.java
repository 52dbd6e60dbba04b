package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;
import skbstress.api.SkbConfig;
import skbstress.impl.SkbImpl;

/**
 * Debug mode: two threads allocate at once, four objects each, every one of them an object whose poison was
 * overwritten after it was freed; all eight violations are counted.
 *
 * <pre>
 * outcome (allocs A, allocs B, all counted, quiet)
 * measured: 2,840 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores (busy with
 * another run: each sample makes a debug-mode implementation), 2026-12-01
 *   name          tuple       expect      samples     freq  meaning
 *   all-counted   1, 1, 1, 1  ACCEPTABLE    2,840  100.00%  eight allocations, eight violations counted
 *   other                     FORBIDDEN         0    0.00%  P-SLAB-2: a violation lost (its canary, a read then
 *                                                           a write of the count: 0.31%, 9 of 2,937, in 6 of
 *                                                           the 8 configurations)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Slab_09_TwoFindOverwrittenPoison}
 */
@JCStressTest
@Outcome(id = "all-counted", expect = ACCEPTABLE, desc = "eight allocations, eight violations counted")
@Outcome(expect = FORBIDDEN, desc = "P-SLAB-2: a write after free found and not counted")
@State
public class Slab_09_TwoFindOverwrittenPoison {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("all-counted", 1, 1, 1, 1);
    public static final PoisonRaces.TwoFindOverwrittenPoison RACE = new PoisonRaces.TwoFindOverwrittenPoison(
            () -> new SkbImpl(SkbConfig.UNBOUNDED, true, 2));
    final PoisonRaces.Overwritten s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void allocatorA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void allocatorB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
