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
 * skb_segment of a cloned original (headers and one frag on one page) into two segments, then a free of the
 * original, while another thread frees the clone: whichever data release comes last, the page ends referenced
 * by exactly the two segments, and freeing them frees it once.
 *
 * <pre>
 * outcome (segmenter, freer; page not exact after)
 * measured: 7057 samples, jcstress -m sanity -sc false -time 1000 -iters 1 in 2 JVM configurations, 2 cores,
 *   2026-12-02
 *   name          tuple    expect      samples     freq  meaning
 *   page-exact    1, 1, 0  ACCEPTABLE     7057  100.00%  segmented, both released, the page held by the two segments
 *   other                  FORBIDDEN         0    0.00%  I-SEG-1: a segment's page reference missing or leaked, or a
 *                                                        call failed
 * The canary (a segment frag without its page reference) showed "other: 1, 1, 1" in all of its 11752 samples at
 * -time 1000 (all 28 at -time 200): the page is freed under the segments whatever the interleaving.
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Segment_01_SegmentRacesCloneFree}
 */
@JCStressTest
@Outcome(id = "page-exact", expect = ACCEPTABLE, desc = "segmented, both released, the page held by the two "
        + "segments alone")
@Outcome(expect = FORBIDDEN, desc = "I-SEG-1: a segment's page reference missing or leaked, or a call failed")
@State
public class Segment_01_SegmentRacesCloneFree {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("page-exact", 1, 1, 0);
    public static final SegmentRaces.SegmentRacesCloneFree RACE = new SegmentRaces.SegmentRacesCloneFree(Races::impl);
    final SegmentRaces.Shared s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void segmenter() {
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
