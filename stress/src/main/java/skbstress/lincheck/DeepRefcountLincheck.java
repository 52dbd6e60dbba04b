package skbstress.lincheck;

/**
 * Canary of the search's depth: a drop of users that lost its compare-and-set stores the decrement of a
 * re-read plainly. Its shortest failing schedule has three context switches, in the hand-written
 * scenario {@code "/ get free | free /"}: thread 2's free reads users 4; thread 1 takes a reference (5);
 * the free's CAS fails and it re-reads 5; thread 1 drops its new reference (4); the free stores 4 where
 * 3 is due, and the skb leaks.
 */
public class DeepRefcountLincheck extends RefcountLincheck {
    /** Must fail in model checking: broken at quiescence (users one too high), breaking I-USERS-2. */
    static final Scenario SCENARIO = RefcountLincheck.SCENARIO.brokenDeep("refcount-users-retry-plain-store",
            DeepRefcountLincheck.class, "I-USERS-2");

    public DeepRefcountLincheck() {
        super(canary(skbstress.canary.Canaries::usersRetryPlainStore));
    }
}
