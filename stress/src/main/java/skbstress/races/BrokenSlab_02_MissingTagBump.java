package skbstress.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

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
    final SlabRaces.Stack s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void victim() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void interferer() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Slab_02_AbaPopPopPush.NAMES.of(acted, RACE.observe(s));
    }
}
