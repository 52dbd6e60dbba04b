package skbstress.lincheck;

/**
 * Canary: the last free decided on a plain read of users == 1. Two threads freeing one reference both
 * see 1 and both release it: Lincheck must find results no serial order gives ("released" twice).
 */
public class BrokenMisuseLincheck extends MisuseLincheck {
    /** Must fail: non-linearizable or broken at quiescence, breaking I-USERS-2. */
    static final Scenario SCENARIO = MisuseLincheck.SCENARIO.broken("misuse-last-free-plain-read",
            BrokenMisuseLincheck.class, "I-USERS-2");

    public BrokenMisuseLincheck() {
        super(canary(skbstress.canary.Canaries::lastFreePlainRead));
    }
}
