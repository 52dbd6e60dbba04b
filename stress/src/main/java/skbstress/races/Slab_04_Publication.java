package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A producer puts bytes into a fresh skb and releases its handle; the consumer acquires the handle and
 * reads the bytes.
 *
 * <pre>
 * outcome (producer, consumer)
 *   1, 0  ACCEPTABLE  the consumer looked before the hand-off
 *   1, 1  ACCEPTABLE  the consumer saw exactly the bytes put before the hand-off
 *   other  FORBIDDEN   I-DATA-5: the consumer saw the handle but other bytes
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Slab_04_Publication}
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the consumer looked before the hand-off")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the consumer saw exactly the bytes put before the hand-off")
@Outcome(expect = FORBIDDEN, desc = "I-DATA-5: the consumer saw the handle but other bytes")
@State
public class Slab_04_Publication {
    public static final SlabRaces.Publication RACE =
            new SlabRaces.Publication(Races::impl);
    final SlabRaces.Handoff s = RACE.setUp(false);

    @Actor
    public void producer(II_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void consumer(II_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(II_Result r) {
        RACE.settle(s);
    }
}
