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
 * A new shared info takes a ubuf reference, a page reference and a frag_list member reference (pskb_copy of
 * a DONT_ORPHAN zero-copy skb), then the original is freed, while another shared info of the same ubuf, page
 * and member drops its own (a free of an earlier copy): every update of the three counts lands, and exactly
 * one drop of each is the last.
 *
 * <pre>
 * outcome (copierThenOrigFreed, freer, oneCompletion, allFreed)
 * measured: 29,419 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                       tuple       expect      samples    freq  meaning
 *   one-completion-after-last  1, 1, 1, 1  ACCEPTABLE  29,419  100.00%  the copy made and the original released; the
 *                                                                       earlier copy released with no completion
 *                                                                       queued yet (the original or the new copy
 *                                                                       holds the ubuf); one completion, for id 0,
 *                                                                       once the new copy is freed; the page freed
 *                                                                       once; the member's list references all gone,
 *                                                                       so the caller's free releases it
 *   other                                  FORBIDDEN        0    0.00%  I-ZC-2, I-FRAG-1, I-FRAG-2: a count lost an
 *                                                                       update (a completion early, twice, or never;
 *                                                                       a page or a member freed under a holder, or
 *                                                                       leaked)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t ZeroCopy_06_ShareRacesRelease}
 */
@JCStressTest
@Outcome(id = "one-completion-after-last", expect = ACCEPTABLE, desc = "the copy made, both frees released with " +
        "no completion yet; one completion once the new copy is freed; the page freed once, the member unlisted")
@Outcome(expect = FORBIDDEN, desc = "I-ZC-2, I-FRAG-1, I-FRAG-2: the ubuf's, the page's or the member's count " +
        "lost an update (a completion early, twice, or never; a page or member freed early or leaked)")
@State
public class ZeroCopy_06_ShareRacesRelease {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("one-completion-after-last", 1, 1, 1, 1);
    public static final UbufRaces.ShareRacesRelease RACE = new UbufRaces.ShareRacesRelease(Races::impl);
    final UbufRaces.TwoSharers s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void copier() {
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
