package skbstress.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;
import skbstress.subject.Broken;

/**
 * Canary for {@link Alloc_01_ReuseOnTwoThreads}: a free gives the object back twice (a recycle twice), so two holders can get one object. On whichever subject the run names, this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenAlloc_01_FreedTwice}
 */
@JCStressTest
@JCStressMeta(Alloc_01_ReuseOnTwoThreads.class) // judged by its race's outcome table
@State
public class BrokenAlloc_01_FreedTwice {
    public static final CapabilityRaces.ReuseOnTwoThreads RACE = new CapabilityRaces.ReuseOnTwoThreads(() -> Broken.freedTwice(Races.subject().newAllocator()));
    final CapabilityRaces.Pool s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void holderA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void holderB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Alloc_01_ReuseOnTwoThreads.NAMES.of(acted, RACE.observe(s));
    }
}
