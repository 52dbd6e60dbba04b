package skbstress.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Canary for {@link Slab_02_AbaPopPopPush}: missing tag bump. The victim's CAS succeeds on a head that
 * looks unchanged and installs an object the interferer holds: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenSlab_02_MissingTagBump}
 */
@JCStressTest
@JCStressMeta(Slab_02_AbaPopPopPush.class) // judged by its race's outcome table
@State
public class BrokenSlab_02_MissingTagBump {
    public static final SlabRaces.AbaPopPopPush RACE =
            new SlabRaces.AbaPopPopPush(SlabRaces::depotWithoutTagBump);
    final SlabRaces.Stack s = RACE.setUp(false);

    @Actor
    public void victim(III_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void interferer(III_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(III_Result r) {
        int[] seen = RACE.observe(s);
        r.r3 = seen[0];
    }
}
