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
 * Canary for {@link Coalesce_01_ClonedFromRacesCloneFree}: a coalesce of a cloned {@code from} drops from's data
 * reference before it references the frags for {@code to}, so a clone's free in between releases the pages
 * first and to's references land on freed pages: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenCoalesce_01_ReferencesAfterRelease}
 */
@JCStressTest
@JCStressMeta(Coalesce_01_ClonedFromRacesCloneFree.class) // judged by its race's outcome table
@State
public class BrokenCoalesce_01_ReferencesAfterRelease {
    public static final CoalesceRaces.ClonedFromRacesCloneFree RACE =
            new CoalesceRaces.ClonedFromRacesCloneFree(
                    () -> Canaries.coalesceReferencesAfterRelease(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final CoalesceRaces.Shared s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void coalescer() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void freer() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Coalesce_01_ClonedFromRacesCloneFree.NAMES.of(acted, RACE.observe(s));
    }
}
