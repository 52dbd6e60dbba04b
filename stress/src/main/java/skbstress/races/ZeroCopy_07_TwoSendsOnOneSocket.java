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
 * Two sends on one MSG_ZEROCOPY socket take ubufs at once (the socket's u32 id counter, sk_zckey) and
 * complete them: ids 0 and 1, each once, none skipped, in either order.
 *
 * <pre>
 * outcome (sendA, sendB, ids0and1, allFreed)
 * measured: 46,005 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                   tuple       expect      samples    freq  meaning
 *   ids-0-and-1-once-each  1, 1, 1, 1  ACCEPTABLE  46,005  100.00%  both sends done; the completions cover ids 0 and
 *                                                                   1 exactly once
 *   other                              FORBIDDEN        0    0.00%  I-ZC-5: an id taken twice or skipped (a user
 *                                                                   could not match completions to sends)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t ZeroCopy_07_TwoSendsOnOneSocket}
 */
@JCStressTest
@Outcome(id = "ids-0-and-1-once-each", expect = ACCEPTABLE, desc = "both sends done; ids 0 and 1 completed once each")
@Outcome(expect = FORBIDDEN, desc = "I-ZC-5: an id taken twice or skipped")
@State
public class ZeroCopy_07_TwoSendsOnOneSocket {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("ids-0-and-1-once-each", 1, 1, 1, 1);
    public static final UbufRaces.TwoSendsOnOneSocket RACE = new UbufRaces.TwoSendsOnOneSocket(Races::impl);
    final UbufRaces.Socket s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void sendA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void sendB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
