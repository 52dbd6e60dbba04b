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
 * Canary for {@link FragList_03_ListReleaseRacesAdd}: a frag_list's release gives back its member's list
 * reference before it drops the member, so an add into the second head takes the member in between and
 * the first head's release frees it under the second list
 * (stress/src/mutants/list-reference-given-back-before-claim.mutant): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenFragList_03_ListReferenceGivenBackBeforeClaim}
 */
@JCStressTest
@JCStressMeta(FragList_03_ListReleaseRacesAdd.class) // judged by its race's outcome table
@State
public class BrokenFragList_03_ListReferenceGivenBackBeforeClaim {
    public static final FragListRaces.ListReleaseRacesAdd RACE = new FragListRaces.ListReleaseRacesAdd(
            () -> Canaries.listReferenceGivenBackBeforeClaim(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final FragListRaces.Listed s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void headFreer() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void adder() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = FragList_03_ListReleaseRacesAdd.NAMES.of(acted, RACE.observe(s));
    }
}
