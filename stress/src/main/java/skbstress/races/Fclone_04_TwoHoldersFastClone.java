package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two holders of an ORIG (users 2) clone it at once: one takes skb2 (fclone_ref from 1 to 2 in one step),
 * the other a struct from the head cache, never skb2 twice. The kernel leaves this to the owner's
 * serialisation (TCP under the socket lock); a concurrent implementation cannot.
 *
 * <pre>
 * outcome (clonerA, clonerB, quiet)   2: the clone is skb2, 0: from the head cache
 *   2, 0, 1   ACCEPTABLE  clonerA took skb2
 *   0, 2, 1   ACCEPTABLE  clonerB took skb2
 *   other     FORBIDDEN   I-FCLONE-3: skb2 handed out twice, or a leak
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Fclone_04_TwoHoldersFastClone}
 */
@JCStressTest
@Outcome(id = "2, 0, 1", expect = ACCEPTABLE, desc = "clonerA got skb2, clonerB a head-cache struct")
@Outcome(id = "0, 2, 1", expect = ACCEPTABLE, desc = "clonerB got skb2, clonerA a head-cache struct")
@Outcome(expect = FORBIDDEN, desc = "I-FCLONE-3: skb2 handed out twice, or something left alive")
@State
public class Fclone_04_TwoHoldersFastClone {
    public static final FcloneRaces.TwoHoldersFastClone RACE =
            new FcloneRaces.TwoHoldersFastClone(Races::impl);
    final FcloneRaces.Orig s = RACE.setUp(false);

    @Actor
    public void clonerA(III_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void clonerB(III_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(III_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
    }
}
