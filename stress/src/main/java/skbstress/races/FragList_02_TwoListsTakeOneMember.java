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
 * Two heads take the same member (users 1, on no list) onto their frag_lists at once: one list gets it
 * and the other is refused, as an skb is on one chain at a time (I-FRAG-2). Both taking it would leave
 * two lists with one reference between them, and the second head's free would release it again.
 *
 * <pre>
 * outcome (first add, second add, member's users after both heads' frees, consistent and quiet)
 *   1: went through, 4: refused as on another list, -1: not live
 * measured: 3,132 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                 tuple        expect      samples  freq    meaning
 *   first-list-took-it   1, 4, -1, 1  ACCEPTABLE      931  29.73%  the first head's add came first; the
 *                                                                  second is refused
 *   second-list-took-it  4, 1, -1, 1  ACCEPTABLE    2,201  70.27%  the second head's add came first; the
 *                                                                  first is refused
 *   other                             FORBIDDEN         0   0.00%  I-FRAG-2: both lists took it (released
 *                                                                  twice) or neither did
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t FragList_02_TwoListsTakeOneMember}
 */
@JCStressTest
@Outcome(id = "first-list-took-it", expect = ACCEPTABLE, desc = "the first head's add came first; the second " +
        "is refused")
@Outcome(id = "second-list-took-it", expect = ACCEPTABLE, desc = "the second head's add came first; the first " +
        "is refused")
@Outcome(expect = FORBIDDEN, desc = "I-FRAG-2: both lists took it (released twice) or neither did")
@State
public class FragList_02_TwoListsTakeOneMember {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("first-list-took-it", 1, 4, -1, 1)
            .and("second-list-took-it", 4, 1, -1, 1);
    public static final FragListRaces.TwoListsTakeOneMember RACE =
            new FragListRaces.TwoListsTakeOneMember(Races::impl);
    final FragListRaces.Heads s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void firstHead() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void secondHead() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
