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
 * The first head's frag_list holds eight members, each list reference their one reference, when that
 * head is freed while a caller that holds none of them adds each to the second head, last first, so that
 * the two walks cross (I-FRAG-2): every add is refused, as its member is still listed or already
 * released. None may be given to the second list while the first one's release frees it.
 *
 * <pre>
 * outcome (head's free, adds that went through, members live after both heads' frees, consistent and quiet)
 * measured: 1,187 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   (a mutant campaign used the same cores)
 *   name               tuple        expect      samples  freq     meaning
 *   every-add-refused  1, 0, 0, 1   ACCEPTABLE    1,187  100.00%  each add is refused, its member still
 *                                                                 listed or already released; the head's
 *                                                                 free released them all
 *   other                           FORBIDDEN         0    0.00%  I-FRAG-2: an add went through (the second
 *                                                                 list holds a member the first released)
 *                                                                 or a member leaked
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t FragList_03_ListReleaseRacesAdd}
 */
@JCStressTest
@Outcome(id = "every-add-refused", expect = ACCEPTABLE, desc = "each add is refused, its member still " +
        "listed or already released; the head's free released them all")
@Outcome(expect = FORBIDDEN, desc = "I-FRAG-2: an add went through (the second list holds a member the " +
        "first released) or a member leaked")
@State
public class FragList_03_ListReleaseRacesAdd {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("every-add-refused", 1, 0, 0, 1);
    public static final FragListRaces.ListReleaseRacesAdd RACE = new FragListRaces.ListReleaseRacesAdd(Races::impl);
    final FragListRaces.Listed s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void headFreer() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void adder() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
