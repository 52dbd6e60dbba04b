package skbstress.lincheck;

/**
 * Canary: the subject's count behind a drop that decides it freed the object from the count it read before
 * dropping ({@code skbstress.subject.Broken#staleDecision}), on whichever subject runs. Two holders of the
 * last two references both read 2, and neither says it freed the object: no serial order gives that.
 */
public class BrokenCountLincheck extends CountLincheck {
    /** Must fail: non-linearizable, breaking P-SUBJ-2. */
    static final Scenario SCENARIO = CountLincheck.SCENARIO.broken("count-stale-decision", BrokenCountLincheck.class,
            "P-SUBJ-2");

    public BrokenCountLincheck() {
        super(() -> skbstress.subject.Broken.staleDecision(skbstress.races.Races.subject().newReferenceCount()));
    }
}
