package skbstress.lincheck;

/** Canary: the depot without its tag bump. Lincheck must find an object handed out twice. */
public class BrokenDepotLincheck extends DepotLincheck {
    /** Must fail: non-linearizable or broken at quiescence, breaking I-SLAB-1. */
    static final Scenario SCENARIO = DepotLincheck.SCENARIO.broken("depot-missing-tag-bump",
            BrokenDepotLincheck.class, "I-SLAB-1");

    public BrokenDepotLincheck() {
        super(skbstress.canary.Depots::missingTagBump);
    }
}
