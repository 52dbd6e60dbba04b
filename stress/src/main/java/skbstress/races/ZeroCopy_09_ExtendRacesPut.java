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
 * A send extends its ubuf (msg_zerocopy_realloc) while the caller's reference to it is put: either the extension
 * comes first and the completion covers both ids, or the put does and the extension is refused.
 *
 * <pre>
 * outcome (extend, put, ids exact, quiet)
 *   extend 1: extended, 2: refused as USE_AFTER_FREE (the caller dropped its reference)
 * measured: 277,456 samples, jcstress -m sanity -time 1000 in its JVM configurations, 2 cores, 2026-12-02
 *   name            tuple       expect      samples    freq  meaning
 *   extended-first  1, 1, 1, 1  ACCEPTABLE  103,013  37.13%  the extension took id 1; the put completed ids 0 and 1
 *   put-first       2, 1, 1, 1  ACCEPTABLE  174,443  62.87%  the put completed id 0; the extension was refused
 *   other                       FORBIDDEN         0   0.00%  I-ZC-5: an id taken and never completed (a put
 *                                                            completed the ubuf between the extension's check
 *                                                            and its new length; its canary, a check without a
 *                                                            reference of its own: 34.90%)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t ZeroCopy_09_ExtendRacesPut}
 */
@JCStressTest
@Outcome(id = "extended-first", expect = ACCEPTABLE, desc = "the extension took id 1; the put completed ids 0 and 1")
@Outcome(id = "put-first", expect = ACCEPTABLE, desc = "the put completed id 0; the extension was refused")
@Outcome(expect = FORBIDDEN, desc = "I-ZC-5: an id taken and never completed")
@State
public class ZeroCopy_09_ExtendRacesPut {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("extended-first", 1, 1, 1, 1)
            .and("put-first", 2, 1, 1, 1);
    public static final UbufRaces.ExtendRacesPut RACE = new UbufRaces.ExtendRacesPut(Races::impl);
    final UbufRaces.SentOnce s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void extender() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void putter() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
