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
 * A ubuf is attached to an skb while its caller drops its own reference.
 *
 * <pre>
 * outcome (attach, put, one notification [0..0] without COPIED, quiet)
 *    1, 1, 1, 1  ACCEPTABLE  the attach came first: the skb's free completed the send
 * measured: 32,238 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                      tuple        expect      samples   freq  meaning
 *   put-first-attach-refused  -1, 1, 1, 1  ACCEPTABLE  32,179  99.82%  the put came first: the completion ran, the
 *                                                                      attach was refused
 *   other                                  FORBIDDEN        0   0.00%  I-ZC-1/I-ZC-2: a ubuf revived after its
 *                                                                      completion (two notifications, or none), or
 *                                                                      something leaked
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t ZeroCopy_04_AttachRacesCallerPut}
 */
@JCStressTest
@Outcome(id = "attach-first", expect = ACCEPTABLE, desc = "the attach came first: the skb's free completed the send")
@Outcome(id = "put-first-attach-refused", expect = ACCEPTABLE, desc = "the put came first: the completion ran, the " +
        "attach was refused")
@Outcome(expect = FORBIDDEN, desc = "I-ZC-1/I-ZC-2: a ubuf revived after its completion, or something leaked")
@State
public class ZeroCopy_04_AttachRacesCallerPut {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("attach-first", 1, 1, 1, 1)
            .and("put-first-attach-refused", -1, 1, 1, 1);
    public static final ZeroCopyRaces.AttachRacesCallerPut RACE = new ZeroCopyRaces.AttachRacesCallerPut(Races::impl);
    final ZeroCopyRaces.Unattached s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void sender() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void errorPath() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
