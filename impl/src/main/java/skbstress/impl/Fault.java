package skbstress.impl;

/**
 * Deliberate bugs that a broken variant (a canary) switches on, each the Java form of a real kernel bug
 * class. A default implementation has none; the stress suite's canaries prove that their tests catch
 * each one. Never set outside tests.
 */
public enum Fault {
    /** The depot's CAS leaves the tag unchanged (CVE-2020-29370, the missing TID bump): ABA. */
    MISSING_TAG_BUMP,
    /** users is decremented with a plain read-modify-write instead of an atomic one. */
    PLAIN_USERS_DECREMENT,
    /** The fclone pair is freed when fclone_ref reaches 1 instead of 0. */
    PAIR_FREED_AT_ONE,
    /** dataref is decremented with a plain read-modify-write. */
    PLAIN_DATAREF_DECREMENT,
    /** The driver buffer's free function runs on every slice release, not only the last. */
    FREE_FUNCTION_PER_SKB,
    /** The ubuf completion runs on every reference drop, not only the last. */
    COMPLETION_PER_RELEASE,
    /** The dying fast clone decrements fclone_ref before releasing its state. */
    FCLONE_DECREMENT_FIRST,
    /** A page flip does not revoke the source's access before handing the page over. */
    FLIP_WITHOUT_REVOKE,
    /** users wraps past REFCOUNT_MAX instead of saturating (the kernel bug class B14/B15). */
    WRAPPING_USERS
}
