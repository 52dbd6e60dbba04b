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
 * The sender flips a one-page packet to domain 1 while the source writes into the page beyond the
 * packet.
 *
 * <pre>
 * outcome (sender, lateSource, destinationSees)
 * measured: 365,158 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                        tuple     expect      samples    freq  meaning
 *   write-before-flip-scrubbed  1, 1, 0   ACCEPTABLE  347,271  95.10%  the source wrote before the flip; the flip
 *                                                                      scrubbed it (outside the packet)
 *   write-after-flip-refused    1, -1, 0  ACCEPTABLE   17,887   4.90%  the flip came first; the source's write was
 *                                                                      refused (PAGE_NOT_OWNED)
 *   other                                 FORBIDDEN         0   0.00%  I-FLIP-1/I-FLIP-2: the destination sees the
 *                                                                      source's late write (0x22 = 34)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t PageFlip_01_LateSourceAccess}
 */
@JCStressTest
@Outcome(id = "write-before-flip-scrubbed", expect = ACCEPTABLE, desc = "the source wrote before the flip; the " +
        "flip scrubbed it (outside the packet)")
@Outcome(id = "write-after-flip-refused", expect = ACCEPTABLE, desc = "the flip came first; the source's write " +
        "was refused (PAGE_NOT_OWNED)")
@Outcome(expect = FORBIDDEN, desc = "I-FLIP-1/I-FLIP-2: the destination sees the source's late " +
        "write (0x22 = 34)")
@State
public class PageFlip_01_LateSourceAccess {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("write-before-flip-scrubbed", 1, 1, 0)
            .and("write-after-flip-refused", 1, -1, 0);
    public static final PageFlipRaces.LateSourceAccess RACE =
            new PageFlipRaces.LateSourceAccess(Races::impl);
    final PageFlipRaces.Flip s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void sender() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void lateSource() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
