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
 * Skbs owned by one socket are freed at the same time on two threads, a write-owned one and then a read-owned one
 * each: every sock_wfree and sock_rfree uncharge lands, and the socket ends with nothing charged.
 *
 * <pre>
 * outcome (freerA, freerB; charged after)
 * measured: 125 samples, jcstress -m sanity -sc false -time 200 -iters 1 in 2 JVM configurations, 2 cores, 2026-12-02
 *   name            tuple    expect      samples     freq  meaning
 *   both-uncharged  1, 1, 0  ACCEPTABLE      125  100.00%  each free released its skbs and uncharged their truesize
 *   other                    FORBIDDEN         0    0.00%  I-SOCK-1: an uncharge was lost (the socket stays charged)
 *                                                          or a free failed
 * The canary (a plain read-modify-write of the write charge) showed "other: 1, 1, 1" in 3 of 53 and 5 of 56 of its
 * samples in the same run.
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Socket_01_TwoOwnedSkbsFreed}
 */
@JCStressTest
@Outcome(id = "both-uncharged", expect = ACCEPTABLE, desc = "each free released its skb and uncharged its truesize")
@Outcome(expect = FORBIDDEN, desc = "I-SOCK-1: an uncharge was lost (the socket stays charged) or a free failed")
@State
public class Socket_01_TwoOwnedSkbsFreed {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("both-uncharged", 1, 1, 0);
    public static final SocketRaces.TwoOwnedSkbsFreed RACE = new SocketRaces.TwoOwnedSkbsFreed(Races::impl);
    final SocketRaces.Shared s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void freerA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void freerB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
