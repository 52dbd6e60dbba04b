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
 * Two holders of an ORIG (users 2) clone it at once: one takes skb2 (fclone_ref from 1 to 2 in one step),
 * the other a struct from the head cache, never skb2 twice. The kernel leaves this to the owner's
 * serialisation (TCP under the socket lock); a concurrent implementation cannot.
 *
 * <pre>
 * outcome (clonerA, clonerB, quiet)   2: the clone is skb2, 0: from the head cache
 * measured: 69,696 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                   tuple    expect      samples   freq  meaning
 *   a-got-skb2             2, 0, 1  ACCEPTABLE  16,192  23.23%  clonerA took skb2
 *   b-got-skb2             0, 2, 1  ACCEPTABLE  53,504  76.77%  clonerB took skb2
 *   skb2-handed-out-twice  2, 2, 1  FORBIDDEN        0   0.00%  I-FCLONE-3: both clones are skb2
 *   other                           FORBIDDEN        0   0.00%  I-FCLONE-3: skb2 handed out twice, or a leak
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Fclone_04_TwoHoldersFastClone}
 */
@JCStressTest
@Outcome(id = "a-got-skb2", expect = ACCEPTABLE, desc = "clonerA got skb2, clonerB a head-cache struct")
@Outcome(id = "b-got-skb2", expect = ACCEPTABLE, desc = "clonerB got skb2, clonerA a head-cache struct")
@Outcome(id = "skb2-handed-out-twice", expect = FORBIDDEN, desc = "I-FCLONE-3: both clones are skb2")
@Outcome(expect = FORBIDDEN, desc = "I-FCLONE-3: skb2 handed out twice, or something left alive")
@State
public class Fclone_04_TwoHoldersFastClone {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("a-got-skb2", 2, 0, 1)
            .and("b-got-skb2", 0, 2, 1)
            .and("skb2-handed-out-twice", 2, 2, 1);
    public static final FcloneRaces.TwoHoldersFastClone RACE =
            new FcloneRaces.TwoHoldersFastClone(Races::impl);
    final FcloneRaces.Orig s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void clonerA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void clonerB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
