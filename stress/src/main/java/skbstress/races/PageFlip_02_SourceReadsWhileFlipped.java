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
 * The sender flips a one-page packet to domain 1 while the source reads the whole page, which it had
 * marked. A read let in is over before the scrub starts; a read that comes later is refused.
 *
 * <pre>
 * outcome (sender, source's read, destinationSees)
 *   source's read: 1 every byte the mark, -1 refused (PAGE_NOT_OWNED), 2 a page partly scrubbed
 * measured: 57,020 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                     tuple     expect      samples    freq  meaning
 *   read-before-flip         1, 1, 0   ACCEPTABLE   26,014  45.62%  the read came first and saw the mark on
 *                                                                   every byte; the flip scrubbed after it
 *   read-after-flip-refused  1, -1, 0  ACCEPTABLE   31,006  54.38%  the flip came first; the read was refused
 *   other                              FORBIDDEN         0   0.00%  I-FLIP-1: the read was let in and saw the
 *                                                                   scrub (the flip did not wait for it); its
 *                                                                   canary, the pins read before the FLIPPING
 *                                                                   store: 39.48%, 23,838 of 60,385
 * </pre>
 * The source's read is staggered by spin-waits that follow the outcomes to where reads are let in about as
 * often as refused; unstaggered, 99.8% of the reads ended before the revoke began. A revoke whose FLIPPING
 * store is a release store (no StoreLoad order before its read of the pins, the reordering x86's store
 * buffer makes) was caught in 3 of 62,093 samples: this machine shows that reordering, but rarely.
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t PageFlip_02_SourceReadsWhileFlipped}
 */
@JCStressTest
@Outcome(id = "read-before-flip", expect = ACCEPTABLE, desc = "the read came first and saw the mark on every "
        + "byte; the flip scrubbed after it")
@Outcome(id = "read-after-flip-refused", expect = ACCEPTABLE, desc = "the flip came first; the read was refused")
@Outcome(expect = FORBIDDEN, desc = "I-FLIP-1: the read was let in and saw the scrub")
@State
public class PageFlip_02_SourceReadsWhileFlipped {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("read-before-flip", 1, 1, 0)
            .and("read-after-flip-refused", 1, -1, 0);
    public static final PageFlipRaces.SourceReadsWhileFlipped RACE =
            new PageFlipRaces.SourceReadsWhileFlipped(Races::impl);
    final PageFlipRaces.Flip s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void sender() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void source() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
