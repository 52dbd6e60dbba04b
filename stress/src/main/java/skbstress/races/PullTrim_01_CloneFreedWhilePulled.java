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
 * One holder pskb_trims a cloned skb inside its second frag and then pskb_pulls it into its first, while another
 * reads the clone and frees it: the clone reads all its bytes whatever the order, the trimmed and pulled skb reads
 * its own, and each page keeps exactly the reference the skb still needs, released once with it.
 *
 * <pre>
 * outcome (puller, freer; pages)
 * measured: 17 samples at -time 200 and 376 at -time 1000, jcstress -m sanity -sc false -iters 1 in 2 JVM
 *   configurations, 2 cores, 2026-12-02, every one pulled-once; the canary BrokenPullTrim_01 showed "other: 1, 0, 0"
 *   (the clone read its bytes after the trim cut them in the shared info) in 10 of 18 samples at -time 200, and in
 *   17 of 87 and 27 of 88 at -time 1000.
 *   name         tuple    expect      meaning
 *   pulled-once  1, 1, 0  ACCEPTABLE  the skb reads [108, 1508), the clone read its 2008 bytes and was released,
 *                                     each page kept one reference and went with the skb
 *   other                 FORBIDDEN   I-GEOM-9, I-GEOM-8, I-DATA-3: bytes changed under the clone, or a page
 *                                     reference lost or leaked
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t PullTrim_01_CloneFreedWhilePulled}
 */
@JCStressTest
@Outcome(id = "pulled-once", expect = ACCEPTABLE, desc = "the skb reads [108, 1508), the clone read its 2008 bytes "
        + "and was released, each page kept one reference and went with the skb")
@Outcome(expect = FORBIDDEN, desc = "I-GEOM-9, I-GEOM-8, I-DATA-3: bytes changed under the clone, or a page "
        + "reference lost or leaked")
@State
public class PullTrim_01_CloneFreedWhilePulled {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("pulled-once", 1, 1, 0);
    public static final PullTrimRaces.CloneFreedWhilePulled RACE =
            new PullTrimRaces.CloneFreedWhilePulled(Races::impl);
    final PullTrimRaces.Shared s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void puller() {
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
