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
 * A holder frees its object (kmem_cache_free) while another thread reads it through its handle. A read
 * that is inside when the free decides holds the release back, and its exit releases the object: once.
 *
 * <pre>
 * outcome (freer, reader, cache back to zero)
 *   reader: 1 read the holder's bytes, -1 refused as freed
 * measured: 81,592 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                     tuple      expect      samples  freq    meaning
 *   read-then-freed          1, 1, 1    ACCEPTABLE   68,202  83.59%  the read came first and saw the holder's
 *                                                                    bytes; the object was released once
 *   freed-then-read-refused  1, -1, 1   ACCEPTABLE   13,390  16.41%  the free came first; the read is refused
 *                                                                    as a use after free
 *   other                               FORBIDDEN         0   0.00%  I-SLAB-1/I-SLAB-9: the object leaked (a
 *                                                                    release left to the read never ran) or
 *                                                                    the read saw other bytes
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Slab_06_FreeRacesRead}
 */
@JCStressTest
@Outcome(id = "read-then-freed", expect = ACCEPTABLE, desc = "the read came first and saw the holder's bytes; " +
        "the object was released once")
@Outcome(id = "freed-then-read-refused", expect = ACCEPTABLE, desc = "the free came first; the read is refused " +
        "as a use after free")
@Outcome(expect = FORBIDDEN, desc = "I-SLAB-1/I-SLAB-9: the object leaked (a release left to the read never " +
        "ran) or the read saw other bytes")
@State
public class Slab_06_FreeRacesRead {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("read-then-freed", 1, 1, 1)
            .and("freed-then-read-refused", 1, -1, 1);
    public static final SlabAccessRaces.FreeRacesRead RACE = new SlabAccessRaces.FreeRacesRead(Races::impl);
    final SlabAccessRaces.Held s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void freer() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void reader() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
