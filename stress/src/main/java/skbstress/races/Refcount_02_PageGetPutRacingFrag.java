package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * One thread takes and drops a page reference of its own while another hands a caller reference to an
 * skb's frag, copies the skb with pskb_copy (a second frag on the page) and frees both: every change of the
 * page's count must count.
 *
 * <pre>
 * outcome (getPut, fragCopyFree, refcount after, caller's last put_page frees all)
 *   1, 1, 1, 1  ACCEPTABLE  every get and put counted: the caller's reference is the one left
 *   other       FORBIDDEN   I-FRAG-1: a lost get or put (the page freed under a holder, or leaked)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Refcount_02_PageGetPutRacingFrag}
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "every get and put counted: the caller's reference is the one left")
@Outcome(expect = FORBIDDEN, desc = "I-FRAG-1: a lost get or put (the page freed under a holder, or leaked)")
@State
public class Refcount_02_PageGetPutRacingFrag {
    public static final RefcountRaces.PageGetPutRacingFrag RACE = new RefcountRaces.PageGetPutRacingFrag(Races::impl);
    final RefcountRaces.SharedPage s = RACE.setUp(false);

    @Actor
    public void getPut(IIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void fragCopyFree(IIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
    }
}
