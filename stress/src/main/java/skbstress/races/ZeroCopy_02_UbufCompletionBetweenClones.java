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
 * An skb with DONT_ORPHAN zero-copy frags and its clone share one ubuf reference (the caller's is
 * dropped); both freed on two threads.
 *
 * <pre>
 * outcome (origOwner, cloneOwner, notifications, lo, hi, copied)
 * measured: 40,637 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                     tuple             expect      samples    freq  meaning
 *   one-completion-for-id-0  1, 1, 1, 0, 0, 0  ACCEPTABLE  40,637  100.00%  one completion, for ids [0, 0], zero-copy
 *                                                                           (no COPIED)
 *   other                                      FORBIDDEN        0    0.00%  I-ZC-2: the completion ran never or
 *                                                                           twice, or reported the wrong range or
 *                                                                           COPIED
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t ZeroCopy_02_UbufCompletionBetweenClones}
 */
@JCStressTest
@Outcome(id = "one-completion-for-id-0", expect = ACCEPTABLE, desc = "one completion, for ids [0, 0], zero-copy " +
        "(no COPIED)")
@Outcome(expect = FORBIDDEN, desc = "I-ZC-2: the completion ran never or twice, or reported the " +
        "wrong range or COPIED")
@State
public class ZeroCopy_02_UbufCompletionBetweenClones {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("one-completion-for-id-0", 1, 1, 1, 0, 0, 0);
    public static final ZeroCopyRaces.UbufCompletionBetweenClones RACE =
            new ZeroCopyRaces.UbufCompletionBetweenClones(Races::impl);
    final ZeroCopyRaces.Shared s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void origOwner() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void cloneOwner() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
