package skbstress.impl;

/**
 * The life word of an skb struct: the generation its handles carry, and its users count.
 *
 * <pre>
 *  63                 32 31                                0
 * +---------------------+-----------------------------------+
 * |     generation      |  users (refcount_t) while alive;  |
 * |                     |  the release's state once dead    |
 * +---------------------+-----------------------------------+
 * </pre>
 *
 * <p>Why one word: skb_get and kfree_skb through a handle are one CAS each that checks the handle's
 * generation and changes users together, so a stale handle can never count on a later life. The last
 * reference's drop <em>claims</em> the struct: the same CAS moves the generation to the next even value
 * (every handle of the life is refused from then on) and users to {@link #CLAIMED}. Two racing frees of
 * the last reference therefore release once: the loser's CAS finds another generation and is refused.
 * The kernel's sole-owner shortcut (users == 1 frees without a decrement) is kept in the model; here the
 * last release pays this one CAS, because a caller that breaks the rule must not be able to free twice.
 *
 * <p>Once dead, the low half says who releases: the claimer ({@link #CLAIMED}), the last thread inside
 * an operation on the struct ({@link #DEFERRED}, see {@link SkbPins}), or whoever took that duty
 * ({@link #RELEASING}). {@link #CHECKING} is a caller's claim not yet final: a frag_list add that took
 * the member's list reference meanwhile may revive it, and the claimer then refuses its free.
 */
final class SkbLife {
    private SkbLife() {}

    static final int CLAIMED = 0;
    static final int DEFERRED = 1;
    static final int RELEASING = 2;
    static final int CHECKING = 3;

    static long make(int gen, int users) {
        return ((long) gen << 32) | (users & 0xFFFF_FFFFL);
    }

    static int gen(long w) {
        return (int) (w >>> 32);
    }

    static int users(long w) {
        return (int) w;
    }

    static boolean alive(long w) {
        return (gen(w) & 1) != 0;
    }
}
