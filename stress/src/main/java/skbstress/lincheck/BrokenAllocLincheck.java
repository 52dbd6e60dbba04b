package skbstress.lincheck;

/**
 * Canary: the subject's allocator behind a free that gives the object back twice
 * ({@code skbstress.subject.Broken#freedTwice}), on whichever subject runs. Either the subject refuses the
 * second free, or two later allocations hand one object to two holders: no serial order gives either.
 */
public class BrokenAllocLincheck extends AllocLincheck {
    /** Must fail: non-linearizable, breaking P-SUBJ-1. */
    static final Scenario SCENARIO = AllocLincheck.SCENARIO.broken("alloc-freed-twice", BrokenAllocLincheck.class,
            "P-SUBJ-1");

    public BrokenAllocLincheck() {
        super(() -> skbstress.subject.Broken.freedTwice(skbstress.races.Races.subject().newAllocator()));
    }
}
