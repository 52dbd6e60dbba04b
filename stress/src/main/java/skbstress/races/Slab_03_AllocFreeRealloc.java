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
 * An object allocated on the set-up thread is freed on another thread while a third allocates.
 *
 * <pre>
 * outcome (remoteFreer, allocator, oldHandleDead, newObjectLive)
 *   1, 1, 1, 1  ACCEPTABLE  the remote free and the allocation both went through; the old handle is dead, the
 *                           new object live
 *   other       FORBIDDEN   I-SLAB-9: a freed object still reachable through its old handle, or the new one
 *                           unusable
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Slab_03_AllocFreeRealloc}
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "the remote free and the allocation both went through; the " +
        "old handle is dead, the new object live")
@Outcome(expect = FORBIDDEN, desc = "I-SLAB-9: a freed object still reachable through its old " +
        "handle, or the new one unusable")
@State
public class Slab_03_AllocFreeRealloc {
    public static final SlabRaces.AllocFreeRealloc RACE =
            new SlabRaces.AllocFreeRealloc(Races::impl);
    final SlabRaces.Objects s = RACE.setUp(false);

    @Actor
    public void remoteFreer(IIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void allocator(IIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
    }
}
