package skbstress.lincheck;


/** Canary: the pair returned to its cache when fclone_ref reaches 1 instead of 0. */
public class BrokenFcloneLincheck extends FcloneLincheck {
    /** Must fail: non-linearizable or broken at quiescence, breaking I-FCLONE-1. */
    static final Scenario SCENARIO = FcloneLincheck.SCENARIO.broken("fclone-pair-freed-at-one",
            BrokenFcloneLincheck.class, "I-FCLONE-1");

    public BrokenFcloneLincheck() {
        super(canary(skbstress.canary.Canaries::fclonePairFreedAtOne));
    }
}
