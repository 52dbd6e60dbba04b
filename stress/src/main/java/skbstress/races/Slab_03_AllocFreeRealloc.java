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
 * An object allocated on the set-up thread is freed on another thread while a third allocates.
 *
 * <pre>
 * outcome (remoteFreer, allocator, oldHandleDead, newObjectLive)
 * measured: 743,458 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                      tuple       expect      samples     freq  meaning
 *   old-handle-dead-new-live  1, 1, 1, 1  ACCEPTABLE  743,458  100.00%  the remote free and the allocation both went
 *                                                                       through; the old handle is dead, the new
 *                                                                       object live
 *   other                                 FORBIDDEN         0    0.00%  I-SLAB-9: a freed object still reachable
 *                                                                       through its old handle, or the new one
 *                                                                       unusable
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t Slab_03_AllocFreeRealloc}
 */
@JCStressTest
@Outcome(id = "old-handle-dead-new-live", expect = ACCEPTABLE, desc = "the remote free and the allocation both " +
        "went through; the old handle is dead, the new object live")
@Outcome(expect = FORBIDDEN, desc = "I-SLAB-9: a freed object still reachable through its old " +
        "handle, or the new one unusable")
@State
public class Slab_03_AllocFreeRealloc {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("old-handle-dead-new-live", 1, 1, 1, 1);
    public static final SlabRaces.AllocFreeRealloc RACE =
            new SlabRaces.AllocFreeRealloc(Races::impl);
    final SlabRaces.Objects s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void remoteFreer() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void allocator() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
