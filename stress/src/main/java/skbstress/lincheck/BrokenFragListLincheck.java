package skbstress.lincheck;

/**
 * Canary: a frag_list add takes the member's list reference with an increment after its "on no list"
 * check: two threads adding the member to their heads both take it, results no serial order gives (two
 * "ok"), and the member's one reference is released twice.
 */
public class BrokenFragListLincheck extends FragListLincheck {
    /** Must fail: non-linearizable or broken at quiescence, breaking I-FRAG-2. */
    static final Scenario SCENARIO = FragListLincheck.SCENARIO.broken("fraglist-reference-without-exclusion",
            BrokenFragListLincheck.class, "I-FRAG-2");

    public BrokenFragListLincheck() {
        super(canary(skbstress.canary.Canaries::listReferenceWithoutExclusion));
    }
}
