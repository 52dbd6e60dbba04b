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
 * Canary for {@link FragList_02_TwoListsTakeOneMember}: a frag_list add takes the member's list reference
 * with an increment after its check, so two heads both take it and the second head's free releases it again
 * (stress/src/mutants/list-reference-without-exclusion.mutant): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenFragList_02_ReferenceWithoutExclusion}
 */
@JCStressTest
@JCStressMeta(FragList_02_TwoListsTakeOneMember.class) // judged by its race's outcome table
@State
public class BrokenFragList_02_ReferenceWithoutExclusion {
    public static final FragListRaces.TwoListsTakeOneMember RACE = new FragListRaces.TwoListsTakeOneMember(
            () -> Canaries.listReferenceWithoutExclusion(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final FragListRaces.Heads s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void firstHead() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void secondHead() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = FragList_02_TwoListsTakeOneMember.NAMES.of(acted, RACE.observe(s));
    }
}
