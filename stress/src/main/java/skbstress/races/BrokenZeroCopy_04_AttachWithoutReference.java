package skbstress.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;
import skbstress.api.SkbConfig;
import skbstress.canary.Canaries;
import skbstress.impl.slab.Magazine;

/**
 * Canary for {@link ZeroCopy_04_AttachRacesCallerPut}: the shared info attaches the ubuf without a reference
 * of its own (stress/src/mutants/attach-without-ubuf-reference.mutant), so the caller's put completes the
 * send while the skb still holds its frags: this test must fail whenever the attach comes first.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenZeroCopy_04_AttachWithoutReference}
 */
@JCStressTest
@JCStressMeta(ZeroCopy_04_AttachRacesCallerPut.class) // judged by its race's outcome table
@State
public class BrokenZeroCopy_04_AttachWithoutReference {
    public static final ZeroCopyRaces.AttachRacesCallerPut RACE = new ZeroCopyRaces.AttachRacesCallerPut(
            () -> Canaries.attachWithoutUbufReference(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final ZeroCopyRaces.Unattached s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void sender() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void errorPath() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = ZeroCopy_04_AttachRacesCallerPut.NAMES.of(acted, RACE.observe(s));
    }
}
