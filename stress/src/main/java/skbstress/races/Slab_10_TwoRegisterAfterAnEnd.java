package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Two threads use an instance for the first time at once, after a third used it and ended: each registers
 * its magazines, one of them removes the ended thread from the registry meanwhile, and each allocates and
 * frees an skb. Both registrations stay, so the structs in their magazines are counted free: nothing is
 * left live.
 *
 * <pre>
 * outcome (frees A, frees B, quiet, consistent)
 * measured: 869 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores (with another
 * job on them), 2026-12-01; each sample starts and ends a thread, so samples are few
 *   name         tuple       expect      samples     freq  meaning
 *   both-freed   1, 1, 1, 1  ACCEPTABLE      869  100.00%  both released, both registered, nothing live
 *   other                    FORBIDDEN         0    0.00%  P-SLAB-1: a registration lost, so the structs in its
 *                                                          magazine count as live (its canary, a check, then a
 *                                                          store: 48.7%, 382 of 784, in all 8 configurations)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Slab_10_TwoRegisterAfterAnEnd}
 */
@JCStressTest
@Outcome(id = "both-freed", expect = ACCEPTABLE, desc = "both released, both registered, nothing live")
@Outcome(expect = FORBIDDEN, desc = "P-SLAB-1: a registration lost, its magazine counted live")
@State
public class Slab_10_TwoRegisterAfterAnEnd {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("both-freed", 1, 1, 1, 1);
    public static final RegistryRaces.TwoRegisterAfterAnEnd RACE = new RegistryRaces.TwoRegisterAfterAnEnd(Races::impl);
    final RegistryRaces.AfterAnEndedThread s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void holderA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void holderB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
