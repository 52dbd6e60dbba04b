package skbstress.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import skbstress.api.SkbOps;

/**
 * Shrinks a failing sequence of steps to a small one that still fails (delta debugging: drop chunks,
 * halve the chunk size when no chunk can go). Any failure counts, so the minimal sequence may fail for
 * a simpler reason than the original: that is usually the more useful one to read.
 */
public final class Shrinker {
    private Shrinker() {}

    public static Differential.Failure shrink(Supplier<SkbOps> impl, Differential.Failure failure, long budgetMillis) {
        long deadline = System.currentTimeMillis() + budgetMillis;
        Differential.Failure best = failure;
        List<Op> cur = failure.steps();
        int n = 2;
        while (cur.size() >= 2 && System.currentTimeMillis() < deadline) {
            int chunk = (cur.size() + n - 1) / n;
            boolean reduced = false;
            for (int start = 0; start < cur.size() && System.currentTimeMillis() < deadline; start += chunk) {
                List<Op> candidate = without(cur, start, Math.min(cur.size(), start + chunk));
                Differential.Failure f = Differential.run(impl, candidate);
                if (f != null) {
                    best = f;
                    cur = f.steps();
                    n = Math.max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (n >= cur.size()) {
                    break;
                }
                n = Math.min(n * 2, cur.size());
            }
        }
        return best;
    }

    /**
     * The steps without [from, to), with step references renumbered: a reference past the gap moves
     * down by its width, a reference into it names nothing any more.
     */
    static List<Op> without(List<Op> steps, int from, int to) {
        int gap = to - from;
        List<Op> out = new ArrayList<>(steps.size() - gap);
        out.addAll(steps.subList(0, from));
        for (Op op : steps.subList(to, steps.size())) {
            int[] args = op.args();
            for (int i = 0; i < args.length; i++) {
                int k = op.target(i);
                if (k >= 0) {
                    args[i] = k >= to ? -(k - gap + 1) : k >= from ? Step.NONE : args[i];
                }
            }
            out.add(new Op(op.step(), args));
        }
        return out;
    }
}
