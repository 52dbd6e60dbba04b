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
 * The caller adds its member (users 1) to a head's frag_list while it also frees it: exactly one of the
 * two goes through, as in one order or the other (I-FRAG-2). A drop that claims the member and then sees
 * the list's reference must not be refused while the add, seeing the claim, backs out too.
 *
 * <pre>
 * outcome (add, free, member's users after the head's free, consistent and quiet)
 *   1: went through, 2: refused as released first, 3: refused as the list's reference, -1: not live
 * measured: 6,113 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name          tuple          expect      samples  freq    meaning
 *   listed-first  1, 3, -1, 1    ACCEPTABLE    1,453  23.77%  the add came first: the free is refused, the
 *                                                             head's free released the member
 *   freed-first   2, 1, -1, 1    ACCEPTABLE    4,660  76.23%  the free came first: the add is refused as a
 *                                                             use after free
 *   other                        FORBIDDEN         0   0.00%  I-FRAG-2: both refused (the member leaked) or
 *                                                             both went through (a list holds a freed skb)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t FragList_01_AddRacesFree}
 */
@JCStressTest
@Outcome(id = "listed-first", expect = ACCEPTABLE, desc = "the add came first: the free is refused, the " +
        "head's free released the member")
@Outcome(id = "freed-first", expect = ACCEPTABLE, desc = "the free came first: the add is refused as a use " +
        "after free")
@Outcome(expect = FORBIDDEN, desc = "I-FRAG-2: both refused (the member leaked) or both went through (a list " +
        "holds a freed skb)")
@State
public class FragList_01_AddRacesFree {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("listed-first", 1, 3, -1, 1)
            .and("freed-first", 2, 1, -1, 1);
    public static final FragListRaces.AddRacesFree RACE = new FragListRaces.AddRacesFree(Races::impl);
    final FragListRaces.Heads s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void adder() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void freer() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
