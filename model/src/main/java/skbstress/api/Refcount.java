package skbstress.api;

/**
 * refcount_t constants and the saturation rule, shared by every counter with refcount_t semantics
 * ({@code users}, {@code fclone_ref}, {@code ubuf_info.refcnt}).
 *
 * <p>A counter that would pass {@link #MAX} is set to {@link #SATURATED} instead: a value in the middle of
 * the negative range, so that racing increments and decrements stay negative and the counter can never
 * legally reach zero again. The object is leaked and a warning recorded, never freed (I-REF-2).
 */
public final class Refcount {
    private Refcount() {}

    public static final int MAX = Integer.MAX_VALUE;
    /** REFCOUNT_SATURATED = INT_MIN / 2 = 0xC000_0000. */
    public static final int SATURATED = Integer.MIN_VALUE / 2;

    public static boolean isSaturated(int value) {
        return value < 0;
    }

    /** Whether adding {@code n > 0} to {@code old} saturates (old already bad, or the sum overflows). */
    public static boolean addSaturates(int old, int n) {
        return old < 0 || old + n < 0;
    }
}
