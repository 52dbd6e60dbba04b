package skbstress.lincheck;

/**
 * Canary: the subject's views behind a derive that takes no reference of its own on the data
 * ({@code skbstress.subject.Broken#deriveWithoutReference}), on whichever subject runs. The data is
 * freed while a view still holds it, or a drop gives back a reference that was never taken.
 */
public class BrokenViewsLincheck extends ViewsLincheck {
    /** Must fail: non-linearizable, breaking P-SUBJ-3. */
    static final Scenario SCENARIO = ViewsLincheck.SCENARIO.broken("views-derive-without-reference",
            BrokenViewsLincheck.class, "P-SUBJ-3");

    public BrokenViewsLincheck() {
        super(() -> skbstress.subject.Broken.deriveWithoutReference(skbstress.races.Races.subject().newSharedViews()));
    }
}
