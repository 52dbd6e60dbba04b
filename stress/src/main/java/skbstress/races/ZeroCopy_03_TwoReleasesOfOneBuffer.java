package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIIII_Result;

/**
 * The driver releases one buffer twice on two threads, a misuse; driverA then makes a new buffer. Caught
 * by it: stress/src/mutants/kernel/b02-cve-2016-9806-release-after-unpin.mutant (./skbstress mutants).
 *
 * <pre>
 * outcome (driverA, driverB, freeCalls, newBufferCallsBefore, newBufferRelease, quiet)
 *   1, -1, 1, 0, 1, 1  ACCEPTABLE  A's release went through, B's was refused (DOUBLE_FREE)
 *   -1, 1, 1, 0, 1, 1  ACCEPTABLE  B's went through, A's was refused
 *   other              FORBIDDEN   I-ZCDRV-1: released twice or never, or the stale release landed on the new
 *                                  buffer (its free function ran before its release, its release refused)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t ZeroCopy_03_TwoReleasesOfOneBuffer}
 */
@JCStressTest
@Outcome(id = "1, -1, 1, 0, 1, 1", expect = ACCEPTABLE, desc = "driverA's release went through, driverB's was " +
        "refused (DOUBLE_FREE)")
@Outcome(id = "-1, 1, 1, 0, 1, 1", expect = ACCEPTABLE, desc = "driverB's release went through, driverA's was " +
        "refused")
@Outcome(expect = FORBIDDEN, desc = "I-ZCDRV-1: released twice or never, or the stale release landed on the new " +
        "buffer")
@State
public class ZeroCopy_03_TwoReleasesOfOneBuffer {
    public static final ZeroCopyRaces.TwoReleasesOfOneBuffer RACE =
            new ZeroCopyRaces.TwoReleasesOfOneBuffer(Races::impl);
    final ZeroCopyRaces.OneBuffer s = RACE.setUp(false);

    @Actor
    public void driverA(IIIIII_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void driverB(IIIIII_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(IIIIII_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
        r.r4 = seen[1];
        r.r5 = seen[2];
        r.r6 = seen[3];
    }
}
