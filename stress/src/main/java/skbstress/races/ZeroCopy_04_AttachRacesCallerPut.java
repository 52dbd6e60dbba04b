package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A ubuf is attached to an skb while its caller drops its own reference.
 *
 * <pre>
 * outcome (attach, put, one notification [0..0] without COPIED, quiet)
 *    1, 1, 1, 1  ACCEPTABLE  the attach came first: the skb's free completed the send
 *   -1, 1, 1, 1  ACCEPTABLE  the put came first: the completion ran, the attach was refused
 *   other        FORBIDDEN   I-ZC-1/I-ZC-2: a ubuf revived after its completion (two notifications, or none),
 *                            or something leaked
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t ZeroCopy_04_AttachRacesCallerPut}
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "the attach came first: the skb's free completed the send")
@Outcome(id = "-1, 1, 1, 1", expect = ACCEPTABLE, desc = "the put came first: the completion ran, the attach was refused")
@Outcome(expect = FORBIDDEN, desc = "I-ZC-1/I-ZC-2: a ubuf revived after its completion, or something leaked")
@State
public class ZeroCopy_04_AttachRacesCallerPut {
    public static final ZeroCopyRaces.AttachRacesCallerPut RACE = new ZeroCopyRaces.AttachRacesCallerPut(Races::impl);
    final ZeroCopyRaces.Unattached s = RACE.setUp(false);

    @Actor
    public void sender(IIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void errorPath(IIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
    }
}
