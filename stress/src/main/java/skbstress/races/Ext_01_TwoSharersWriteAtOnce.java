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
 * An skb and its clone share one skb_ext; each writes its own value into it at the same time. A writer that finds
 * it shared copies it first (skb_ext_maybe_cow); each reads back its own value, and the shared one ends private to
 * one of them or freed, exactly once.
 *
 * <pre>
 * outcome (writerA, writerB; left wrong)
 * measured: 139 samples, jcstress -m sanity -sc false -time 200 -iters 1 in 2 JVM configurations, 2 cores, 2026-12-02
 *   (every one own-copies). The canary BrokenExt_01 was missed at -time 200 and caught at -time 1000 in both
 *   configurations (58 of 1,130 and 200 of 2,361 samples "other: 2, 3, 1", the shared skb_ext leaked).
 *   name        tuple    expect      meaning
 *   own-copies  2, 3, 0  ACCEPTABLE  each wrote and read its own value in an skb_ext of its own; the shared one
 *                                    was kept by one of them or freed once
 *   other                FORBIDDEN   I-EXT-1, I-EXT-2: a write seen by the other skb, or a leaked or twice-freed
 *                                    skb_ext
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Ext_01_TwoSharersWriteAtOnce}
 */
@JCStressTest
@Outcome(id = "own-copies", expect = ACCEPTABLE, desc = "each wrote and read its own value in an skb_ext of its "
        + "own; the shared one was kept by one of them or freed once")
@Outcome(expect = FORBIDDEN, desc = "I-EXT-1, I-EXT-2: a write seen by the other skb, or a leaked or twice-freed "
        + "skb_ext")
@State
public class Ext_01_TwoSharersWriteAtOnce {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("own-copies", 2, 3, 0);
    public static final ExtRaces.TwoSharersWrite RACE = new ExtRaces.TwoSharersWrite(Races::impl);
    final ExtRaces.Shared s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void writerA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void writerB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
