package skbstress.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import skbstress.api.SkbOps;

/**
 * The implementation's one construction limit of its own: each thread caches an even number of objects
 * per cache, from 2 to 1024. At both ends and next to them it must behave as the model does (a short
 * differential run), and every other capacity must be refused at construction with an
 * IllegalArgumentException, before any work.
 */
public final class MagazineLimits {
    private MagazineLimits() {}

    /** Capacities that must work: the two ends and their even neighbours. */
    static final int[] ACCEPTED = {2, 4, 1022, 1024};
    /** Capacities that must be refused: below, odd, above, and the int range's ends. */
    static final int[] REFUSED = {Integer.MIN_VALUE, -2, 0, 1, 3, 1023, 1025, 1026, Integer.MAX_VALUE};

    /**
     * What is wrong at the limits (empty when nothing is): {@code make} builds the implementation with a
     * magazine capacity; each accepted one runs {@code steps} differential steps from {@code seed}.
     */
    public static List<String> problems(IntFunction<SkbOps> make, long seed, int steps) {
        List<String> out = new ArrayList<>();
        for (int m : ACCEPTED) {
            try {
                Differential.Failure f = Differential.generated(() -> make.apply(m), seed, steps);
                if (f != null) {
                    out.add("magazine " + m + ": step " + (f.step() + 1) + " (" + f.op() + "): " + f.why());
                }
            } catch (RuntimeException | Error e) {
                out.add("magazine " + m + ": crashed: " + e);
            }
        }
        for (int m : REFUSED) {
            try {
                make.apply(m);
                out.add("magazine " + m + ": accepted; capacities are even, in [2, 1024]");
            } catch (IllegalArgumentException e) {
                // refused, as it must be
            } catch (RuntimeException | Error e) {
                out.add("magazine " + m + ": refused with " + e + ", not an IllegalArgumentException");
            }
        }
        return out;
    }
}
