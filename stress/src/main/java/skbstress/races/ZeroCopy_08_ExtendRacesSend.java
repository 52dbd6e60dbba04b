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
 * A send extends its ubuf (msg_zerocopy_realloc) while another send on the socket takes a ubuf of its
 * own: the next id goes to exactly one of them, and every id taken is completed exactly once.
 *
 * <pre>
 * outcome (extend, send, ids exact, quiet)
 *   extend 1: extended, 2: refused as UBUF_EXTEND
 * measured: 13,939 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name            tuple       expect      samples    freq  meaning
 *   extended-first  1, 1, 1, 1  ACCEPTABLE    3,710  26.62%  the extension took id 1, the send id 2
 *   sent-first      2, 1, 1, 1  ACCEPTABLE   10,229  73.38%  the send took id 1; the extension was refused
 *   other                       FORBIDDEN         0   0.00%  I-ZC-5: an id taken twice or never completed
 *                                                            (its canary, a check then a store: 3.64%)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t ZeroCopy_08_ExtendRacesSend}
 */
@JCStressTest
@Outcome(id = "extended-first", expect = ACCEPTABLE, desc = "the extension took id 1, the send id 2")
@Outcome(id = "sent-first", expect = ACCEPTABLE, desc = "the send took id 1; the extension was refused")
@Outcome(expect = FORBIDDEN, desc = "I-ZC-5: an id taken twice or never completed")
@State
public class ZeroCopy_08_ExtendRacesSend {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("extended-first", 1, 1, 1, 1)
            .and("sent-first", 2, 1, 1, 1);
    public static final UbufRaces.ExtendRacesSend RACE = new UbufRaces.ExtendRacesSend(Races::impl);
    final UbufRaces.SentOnce s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void extender() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void sender() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
