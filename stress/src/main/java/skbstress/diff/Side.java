package skbstress.diff;

import skbstress.api.SkbOps;
import skbstress.diff.Population.Kind;

/**
 * One side of a differential run as a step sees it: its operations, and its own handle for each step
 * reference. References name model handles; on the implementation's side they go through the bijection.
 */
final class Side {
    /** What a step that makes something returns: the handle, what it is, and a flipped page's domain. */
    record Made(Kind kind, long handle, int domain) {}

    /**
     * What a segment step returns: every segment in order. The first joins the population and names the step;
     * the others wait in the run's list of pending segments, which {@code freeSegment} steps free at random.
     */
    record Segments(long[] handles) {
        @Override
        public String toString() {
            return handles.length + " segments";
        }
    }

    /** What a step that changes state and returns nothing returns. */
    static final String OK = "ok";

    final SkbOps ops;
    private final boolean model;
    private final Differential run;

    Side(SkbOps ops, boolean model, Differential run) {
        this.ops = ops;
        this.model = model;
        this.run = run;
    }

    /** This side's handle for a step reference (NULL for none). */
    long h(int ref) {
        return map(modelHandle(ref));
    }

    /** The model handle a step reference names. */
    long modelHandle(int ref) {
        return run.resolve(ref);
    }

    /** This side's handle for a model handle. */
    long map(long modelHandle) {
        return model ? modelHandle : run.toImpl(modelHandle);
    }

    /** The model handle of a pending segment ({@code raw} picks among them), or NULL when none is pending. */
    long pendingSegment(int raw) {
        return run.pendingSegment(raw);
    }

    /** The domain a model handle of a flipped page was flipped to (1 when unknown). */
    int flippedDomain(long modelHandle) {
        return run.flippedDomain(modelHandle);
    }

    static Made made(Kind kind, long handle) {
        return new Made(kind, handle, -1);
    }
}
