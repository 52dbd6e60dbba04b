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
 * Canary for {@link Segment_01_SegmentRacesCloneFree}: a segment's frag points at the original's page without
 * taking a page reference of its own, so the last data release of the original (its free or the clone's) frees
 * the page under the segments: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenSegment_01_WithoutPageReference}
 */
@JCStressTest
@JCStressMeta(Segment_01_SegmentRacesCloneFree.class) // judged by its race's outcome table
@State
public class BrokenSegment_01_WithoutPageReference {
    public static final SegmentRaces.SegmentRacesCloneFree RACE = new SegmentRaces.SegmentRacesCloneFree(
            () -> Canaries.segmentWithoutPageReference(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final SegmentRaces.Shared s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void segmenter() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void freer() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Segment_01_SegmentRacesCloneFree.NAMES.of(acted, RACE.observe(s));
    }
}
