package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The sender flips a one-page packet to domain 1 while the source writes into the page beyond the
 * packet.
 *
 * <pre>
 * outcome (sender, lateSource, destinationSees)
 *   1, 1, 0   ACCEPTABLE  the source wrote before the flip; the flip scrubbed it (outside the packet)
 *   1, -1, 0  ACCEPTABLE  the flip came first; the source's write was refused (PAGE_NOT_OWNED)
 *   other     FORBIDDEN   I-FLIP-1/I-FLIP-2: the destination sees the source's late write (0x22 = 34)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t PageFlip_01_LateSourceAccess}
 */
@JCStressTest
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "the source wrote before the flip; the flip scrubbed it " +
        "(outside the packet)")
@Outcome(id = "1, -1, 0", expect = ACCEPTABLE, desc = "the flip came first; the source's write was refused " +
        "(PAGE_NOT_OWNED)")
@Outcome(expect = FORBIDDEN, desc = "I-FLIP-1/I-FLIP-2: the destination sees the source's late " +
        "write (0x22 = 34)")
@State
public class PageFlip_01_LateSourceAccess {
    public static final PageFlipRaces.LateSourceAccess RACE =
            new PageFlipRaces.LateSourceAccess(Races::impl);
    final PageFlipRaces.Flip s = RACE.setUp(false);

    @Actor
    public void sender(III_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void lateSource(III_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(III_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
    }
}
