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
 * One thread takes and drops a page reference of its own while another hands a caller reference to an
 * skb's frag, copies the skb with pskb_copy (a second frag on the page) and frees both: every change of the
 * page's count must count.
 *
 * <pre>
 * outcome (getPut, fragCopyFree, refcount after, caller's last put_page frees all)
 * measured: 122,584 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                       tuple       expect      samples     freq  meaning
 *   every-get-and-put-counted  1, 1, 1, 1  ACCEPTABLE  122,584  100.00%  every get and put counted: the caller's
 *                                                                        reference is the one left
 *   other                                  FORBIDDEN         0    0.00%  I-FRAG-1: a lost get or put (the page freed
 *                                                                        under a holder, or leaked)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Refcount_02_PageGetPutRacingFrag}
 */
@JCStressTest
@Outcome(id = "every-get-and-put-counted", expect = ACCEPTABLE, desc = "every get and put counted: the caller's " +
        "reference is the one left")
@Outcome(expect = FORBIDDEN, desc = "I-FRAG-1: a lost get or put (the page freed under a holder, or leaked)")
@State
public class Refcount_02_PageGetPutRacingFrag {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("every-get-and-put-counted", 1, 1, 1, 1);
    public static final RefcountRaces.PageGetPutRacingFrag RACE = new RefcountRaces.PageGetPutRacingFrag(Races::impl);
    final RefcountRaces.SharedPage s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void getPut() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void fragCopyFree() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
