package skbstress.diff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import skbstress.api.ErrorCode;
import skbstress.api.Kernel;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;
import skbstress.diff.Population.Kind;
import skbstress.model.InvariantChecker;
import skbstress.model.SkbModel;

/**
 * A differential run: the same steps applied to the model and to an implementation, with results
 * compared after each step (the same value, the same handle up to the bijection, or the same named
 * refusal), then the whole snapshots compared and both checked against every invariant.
 *
 * <p>Only a named refusal ({@link SkbException}) may agree with a refusal. Any other exception is a
 * crash, and a crash on either side fails the step, even when both sides crash alike: two equal crashes
 * say nothing about the state either side is in.
 *
 * <p>{@link #generate} makes the next step from a seeded {@link Random} and the current population, so
 * a run is determined by its seed; {@link #run} replays a given list of steps, which is what the
 * shrinker does.
 */
public final class Differential {
    /** Caches every run creates first, with the same ids on both sides. */
    static final int PAGE_CACHE = SkbOps.FIRST_USER_CACHE;
    static final int OBJECT_CACHE = SkbOps.FIRST_USER_CACHE + 1;
    private static final int MAX_LIVE_SKBS = 48;
    /** Segments no step names that a run keeps alive before it frees them first (snapshots stay small). */
    private static final int MAX_PENDING_SEGMENTS = 16;
    private static final Step[] STEPS = Step.values();
    private static final int TOTAL_WEIGHT = Stream.of(STEPS).mapToInt(Step::weight).sum();
    /** Stack frames a crash report shows: enough to find the throwing line and its caller's call. */
    private static final int FRAMES = 6;

    private final SkbOps model;
    private final SkbOps impl;
    private final Side modelSide;
    private final Side implSide;
    private final Bijection handles = new Bijection();
    private final SnapshotDiff diff = new SnapshotDiff(handles);
    private final InvariantChecker modelChecker;
    private final InvariantChecker implChecker;
    private final Population pop = new Population();
    /** The model handle each step created (0 for none), by step number: what step references name. */
    private final List<Long> created = new ArrayList<>();
    private final Map<Long, Integer> creator = new HashMap<>();
    /** Model handles of live segments no step names (all but each segment step's first), oldest first. */
    private final List<Long> pendingSegments = new ArrayList<>();
    private Snapshot modelBefore;
    private Snapshot implBefore;

    /** The outcome of a failed step: which, why, and the steps up to it. */
    public record Failure(int step, Op op, String why, List<Op> steps) {
        @Override
        public String toString() {
            return "step " + step + " (" + op + "): " + why;
        }
    }

    /** A call refused by name: the only exception the two sides may agree on. */
    private record Refused(ErrorCode code) {
        @Override
        public String toString() {
            return "refused " + code;
        }
    }

    /** A call that threw anything but a named refusal. */
    private record Crash(Throwable error) {}

    public Differential(Supplier<SkbOps> implFactory) {
        this(new SkbModel(new SkbConfig(0, 0, 0, 64)), implFactory.get());
    }

    /** Both sides given: tests use it to put a broken model or a wrapper on either side. */
    Differential(SkbOps model, SkbOps impl) {
        this.model = model;
        this.impl = impl;
        this.modelChecker = new InvariantChecker(model.profile()); // each side against the geometry it follows
        this.implChecker = new InvariantChecker(impl.profile());
        this.modelSide = new Side(model, true, this);
        this.implSide = new Side(impl, false, this);
        model.createCache("xen-pages", Kernel.PAGE_SIZE, Kernel.PAGE_SIZE, null, 8);
        impl.createCache("xen-pages", Kernel.PAGE_SIZE, Kernel.PAGE_SIZE, null, 8);
        model.createCache("objs", 136, 8, mem -> mem.put(0, (byte) 0x5a), 0);
        impl.createCache("objs", 136, 8, mem -> mem.put(0, (byte) 0x5a), 0);
        modelBefore = model.snapshot();
        implBefore = impl.snapshot();
    }

    /** Runs {@code steps} generated steps from {@code seed}; null when model and implementation agreed throughout. */
    public static Failure generated(Supplier<SkbOps> implFactory, long seed, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("a generated run needs at least one step, not " + steps);
        }
        return generated(new Differential(implFactory), seed, steps);
    }

    /**
     * As {@link #generated(Supplier, long, int)}, with every cache of both sides bounded by {@code config}:
     * the refusals of exhausted struct, head and page caches (and that they change nothing) are compared too.
     */
    public static Failure generated(SkbConfig config, java.util.function.Function<SkbConfig, SkbOps> implFactory,
                                    long seed, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("a generated run needs at least one step, not " + steps);
        }
        return generated(new Differential(new SkbModel(config), implFactory.apply(config)), seed, steps);
    }

    private static Failure generated(Differential d, long seed, int steps) {
        Random r = new Random(seed);
        List<Op> done = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            Op op = d.generate(r);
            done.add(op);
            String why = d.step(op);
            if (why != null) {
                return new Failure(k, op, why, done);
            }
        }
        return null;
    }

    /**
     * Replays a list of steps; null when model and implementation agreed throughout. An empty list, or a
     * reference to a step that is not earlier, is refused before anything runs.
     */
    public static Failure run(Supplier<SkbOps> implFactory, List<Op> steps) {
        check(steps);
        return new Differential(implFactory).replay(steps);
    }

    Failure replay(List<Op> steps) {
        check(steps);
        for (int k = 0; k < steps.size(); k++) {
            String why = step(steps.get(k));
            if (why != null) {
                return new Failure(k, steps.get(k), why, steps.subList(0, k + 1));
            }
        }
        return null;
    }

    private static void check(List<Op> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("no steps to run");
        }
        Op.checkReferences(steps);
    }

    // ---------------------------------------------------------------- generation

    Op generate(Random r) {
        Step step;
        if (pop.size(Kind.SKB) > MAX_LIVE_SKBS) {
            step = r.nextBoolean() ? Step.FREE : Step.CONSUME;
        } else if (pendingSegments.size() > MAX_PENDING_SEGMENTS) {
            step = Step.FREE_SEGMENT;
        } else {
            int x = r.nextInt(TOTAL_WEIGHT);
            int k = 0;
            while (x >= STEPS[k].weight()) {
                x -= STEPS[k++].weight();
            }
            step = STEPS[k];
        }
        return new Op(step, step.generate(new Draw(r, this::ref)));
    }

    /** A reference to the step that created a live (or dead) handle of {@code kind}, or {@link Step#NONE}. */
    private int ref(Kind kind, int raw) {
        long h = pop.pick(kind, raw);
        Integer k = creator.get(h);
        return h == SkbOps.NULL || k == null ? Step.NONE : -(k + 1);
    }

    // ---------------------------------------------------------------- what steps see

    /** The model handle a step reference names (NULL for none, or a step that created nothing). */
    long resolve(int ref) {
        return ref >= 0 || ref == Step.NONE ? SkbOps.NULL : created.get(-ref - 1);
    }

    long pendingSegment(int raw) {
        return pendingSegments.isEmpty() ? SkbOps.NULL : pendingSegments.get(Math.floorMod(raw, pendingSegments.size()));
    }

    long toImpl(long modelHandle) {
        return handles.toImpl(modelHandle);
    }

    int flippedDomain(long modelHandle) {
        return pop.flippedDomain.getOrDefault(modelHandle, 1);
    }

    // ---------------------------------------------------------------- one step

    /** Applies one step to both sides and compares; returns why they differ, or null. */
    String step(Op op) {
        created.add(SkbOps.NULL);
        String called = op.step().calls(op.args());
        Object m = apply(modelSide, op);
        Object i = apply(implSide, op);
        String why = crashed("in " + called, m, i);
        if (why == null) {
            why = sameResult(op, m, i);
        }
        if (why != null) {
            return why;
        }
        Object ms = snapshot(model);
        Object is = snapshot(impl);
        why = crashed("in snapshot after the step", ms, is);
        if (why != null) {
            return why;
        }
        why = broken("model", modelChecker, called, modelBefore, (Snapshot) ms);
        if (why == null) {
            why = broken("implementation", implChecker, called, implBefore, (Snapshot) is);
        }
        if (why != null) {
            return why;
        }
        List<String> diffs = diff.compare((Snapshot) ms, (Snapshot) is);
        if (!diffs.isEmpty()) {
            return "snapshots differ: " + String.join("; ", diffs.subList(0, Math.min(6, diffs.size())));
        }
        pop.prune((Snapshot) ms);
        pendingSegments.removeIf(h -> !((Snapshot) ms).skbs().containsKey(h));
        modelBefore = (Snapshot) ms;
        implBefore = (Snapshot) is;
        return null;
    }

    private static Object apply(Side side, Op op) {
        try {
            return op.step().apply(side, op.args());
        } catch (SkbException e) {
            return new Refused(e.code());
        } catch (Throwable e) { // anything but a named refusal is a crash, whatever its type
            return new Crash(e);
        }
    }

    private static Object snapshot(SkbOps ops) {
        try {
            return ops.snapshot();
        } catch (Throwable e) {
            return new Crash(e);
        }
    }

    /** Why the step fails when either side crashed (naming each side that did), or null. */
    private static String crashed(String during, Object m, Object i) {
        if (m instanceof Crash mc && i instanceof Crash ic) {
            return crash("the model", during, mc.error()) + "\n" + crash("the implementation", during, ic.error())
                    + "\n(a crash is never agreement, not even the same crash on both sides)";
        }
        if (m instanceof Crash mc) {
            return crash("the model", during, mc.error()) + "\n(the implementation: " + i + ")";
        }
        if (i instanceof Crash ic) {
            return crash("the implementation", during, ic.error()) + "\n(the model: " + m + ")";
        }
        return null;
    }

    private static String crash(String side, String during, Throwable e) {
        StringBuilder sb = new StringBuilder(side).append(" crashed").append(during.isEmpty() ? "" : " " + during)
                .append(": ").append(e);
        StackTraceElement[] frames = e.getStackTrace();
        for (int k = 0; k < Math.min(FRAMES, frames.length); k++) {
            sb.append("\n\tat ").append(frames[k]);
        }
        if (frames.length > FRAMES) {
            sb.append("\n\t... ").append(frames.length - FRAMES).append(" more");
        }
        if (e.getCause() != null) {
            sb.append("\ncaused by: ").append(e.getCause());
        }
        return sb.toString();
    }

    /** Why a side's new state breaks an invariant (or crashes the check), or null. */
    private static String broken(String side, InvariantChecker checker, String called, Snapshot before,
                                 Snapshot after) {
        try {
            checker.check(called, before, after);
            return null;
        } catch (IllegalStateException e) {
            return "the " + side + " broke an invariant: " + e.getMessage();
        } catch (RuntimeException e) {
            return crash("the invariant check of the " + side + "'s state", "", e);
        }
    }

    private String sameResult(Op op, Object m, Object i) {
        if (m instanceof Side.Made mm && i instanceof Side.Made im) {
            String why = handles.unify(op.step().text() + " result", mm.handle(), im.handle());
            if (why != null) {
                return why;
            }
            collect(mm);
            return null;
        }
        if (m instanceof Side.Segments ms && i instanceof Side.Segments is) {
            if (ms.handles().length != is.handles().length) {
                return "results differ: model " + ms + ", impl " + is;
            }
            for (int k = 0; k < ms.handles().length; k++) {
                String why = handles.unify(op.step().text() + " segment " + k, ms.handles()[k], is.handles()[k]);
                if (why != null) {
                    return why;
                }
                if (k == 0) {
                    collect(Side.made(Kind.SKB, ms.handles()[0]));
                } else {
                    pendingSegments.add(ms.handles()[k]);
                }
            }
            return null;
        }
        return Objects.equals(m, i) ? null : "results differ: model " + m + ", impl " + i;
    }

    /** A handle the step returned joins the population, and names this step from now on. */
    private void collect(Side.Made made) {
        long h = made.handle();
        if (h == SkbOps.NULL) {
            return;
        }
        created.set(created.size() - 1, h);
        creator.putIfAbsent(h, created.size() - 1);
        pop.add(made.kind(), h);
        if (made.kind() == Kind.FLIPPED) {
            pop.flippedDomain.put(h, made.domain());
        }
    }
}
