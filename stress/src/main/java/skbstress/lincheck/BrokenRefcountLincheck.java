package skbstress.lincheck;


/** Canary: users dropped with a plain read-modify-write. Two holders' frees can both read 2 and write 1. */
public class BrokenRefcountLincheck extends RefcountLincheck {
    /** Must fail: non-linearizable or broken at quiescence, breaking I-USERS-2. */
    static final Scenario SCENARIO = RefcountLincheck.SCENARIO.broken("refcount-plain-users-decrement",
            BrokenRefcountLincheck.class, "I-USERS-2");

    public BrokenRefcountLincheck() {
        super(canary(skbstress.canary.Canaries::usersPlainDecrement));
    }
}
