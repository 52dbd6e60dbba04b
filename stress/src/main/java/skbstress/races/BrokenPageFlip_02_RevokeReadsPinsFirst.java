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
 * Canary for {@link PageFlip_02_SourceReadsWhileFlipped}: the flip's revoke reads the page's pins before its
 * FLIPPING store (stress/src/mutants/revoke-reads-pins-first.mutant), the order a StoreLoad reordering
 * gives, so a read can pin the page and find no FLIPPING after the flip found no pin, and sees the scrub:
 * this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenPageFlip_02_RevokeReadsPinsFirst}
 */
@JCStressTest
@JCStressMeta(PageFlip_02_SourceReadsWhileFlipped.class) // judged by its race's outcome table
@State
public class BrokenPageFlip_02_RevokeReadsPinsFirst {
    public static final PageFlipRaces.SourceReadsWhileFlipped RACE = new PageFlipRaces.SourceReadsWhileFlipped(
            () -> Canaries.revokeReadsPinsFirst(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final PageFlipRaces.Flip s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void sender() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void source() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = PageFlip_02_SourceReadsWhileFlipped.NAMES.of(acted, RACE.observe(s));
    }
}
