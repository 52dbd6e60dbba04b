package skbstress.diff;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import skbstress.api.ErrorCode;
import skbstress.api.FreeFunction;
import skbstress.api.Kernel;
import skbstress.api.ObjectCtor;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;
import skbstress.model.InvariantChecker;

/**
 * Every operation of {@link SkbOps}, found by reflection (a new one is covered without editing this
 * test), is called with each extreme value in each numeric or handle position: 0, ±1, MIN, MAX, MAX - 1,
 * sizes on both sides of every boundary, handles of every kind, stale and foreign ones, null and huge
 * arrays, callbacks that throw. The other arguments are drawn from plausible ones, three times over.
 * The same calls run on the model and on the implementation, each on a fresh set of live objects, and
 * each call must either be refused by name (an SkbException) with the snapshot unchanged, or be
 * accepted with every invariant holding; and both sides must decide alike (the same code, or both
 * accepting). A raw JDK exception, from either side, fails the test.
 *
 * <p>EdgeValuesTest runs the sweep in the default test run; {@code skbstress mutants} runs it in its
 * first tier, on each mutant.
 */
public final class EdgeValues {
    private EdgeValues() {}

    public static final SkbConfig CONFIG = new SkbConfig(0, 0, 0, 64);

    static final int[] INTS = java.util.stream.IntStream.concat(java.util.stream.IntStream.of(0, 1, -1, 2,
            Integer.MIN_VALUE, Integer.MIN_VALUE + 1, Integer.MAX_VALUE, Integer.MAX_VALUE - 1,
            Integer.MAX_VALUE / 2, Integer.MAX_VALUE / 2 + 1, 14, 15, 16, 63, 64, 65, 127, 128, 255, 256, 511, 512,
            1023, 1024, 2047, 2048, 4095, 4096, 4097, 16_383, 16_384, 65_535, 65_536, 1 << 30),
            kernelLimits()).distinct().toArray();
    /**
     * Every limit the kernel facts name (Kernel's int constants: sizes, maxima, capacities), one below, at
     * and one above: a bound check off by one accepts or refuses exactly there.
     */
    private static java.util.stream.IntStream kernelLimits() {
        java.util.stream.IntStream.Builder b = java.util.stream.IntStream.builder();
        for (java.lang.reflect.Field f : Kernel.class.getFields()) {
            if (f.getType() == int.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                try {
                    int v = f.getInt(null);
                    b.add(v - 1).add(v).add(v + 1);
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return b.build();
    }

    /** Plausible numbers for the positions not under test. */
    static final int[] SMALL = {0, 1, 2, 8, 14, 16, 32, 64, 100, 128};
    static final long[] RAW_LONGS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE - 1,
        0xFFFF_FFFFL, 1L << 32};
    static final int[] BYTE_COUNTS = {-1, 0, 1, 16, 64, 4096, 70_000}; // -1: null

    /** One side's live objects of every kind, made the same way on both sides. */
    static final class Fixture {
        final SkbOps ops;
        final long[] handles;
        final int cache;

        Fixture(SkbOps ops, SkbOps other) {
            this.ops = ops;
            cache = ops.createCache("edge", 64, 0, null, 0);
            long object = ops.cacheAlloc(cache);
            long skb = ops.allocSkb(256, false);
            ops.reserve(skb, 16);
            ops.put(skb, new byte[32]);
            long fclone = ops.allocSkb(256, true);
            long fclone2 = ops.clone(fclone);
            long page = ops.allocPage();
            long fragged = ops.allocSkb(128, false);
            long fragPage = ops.allocPage();
            ops.addFrag(fragged, fragPage, 0, 100);
            long buffer = ops.createDriverBuffer(4096, b -> { });
            long zc = ops.makeZeroCopySkb(buffer, Kernel.ZC_HEADER_SIZE, 1000);
            long socket = ops.createZerocopySocket();
            long ubuf = ops.ubufAlloc(socket, true);
            long stale = ops.allocSkb(64, false);
            ops.free(stale);
            long foreign = other.allocSkb(64, false);
            handles = new long[] {skb, fclone, fclone2, page, object, fragged, buffer, zc, socket, ubuf, stale,
                foreign};
        }
    }

    /** What the argument in one position is: an index into a pool, resolved per side. */
    record Arg(Class<?> type, int pick) {
        Object resolve(Fixture f) {
            if (type == int.class) {
                return pick < INTS.length ? INTS[pick] : pick < INTS.length + SMALL.length
                        ? SMALL[pick - INTS.length] : f.cache;
            }
            if (type == long.class) {
                return pick < f.handles.length ? f.handles[pick] : RAW_LONGS[pick - f.handles.length];
            }
            if (type == boolean.class) {
                return pick == 1;
            }
            if (type == byte[].class) {
                return BYTE_COUNTS[pick] < 0 ? null : new byte[BYTE_COUNTS[pick]];
            }
            if (type == String.class) {
                return new String[] {null, "", "edge"}[pick];
            }
            if (type == ObjectCtor.class) {
                return new ObjectCtor[] {null, m -> { }, m -> {
                    throw new IllegalStateException("constructor failed (on purpose)");
                }}[pick];
            }
            if (type == FreeFunction.class) {
                return new FreeFunction[] {null, b -> { }, b -> {
                    throw new IllegalStateException("free function failed (on purpose)");
                }}[pick];
            }
            throw new AssertionError("no values for " + type);
        }

        /** How many values this type has: the extremes, then the plausible ones. */
        static int choices(Class<?> type, int handles) {
            if (type == int.class) {
                return INTS.length + SMALL.length + 1;
            }
            if (type == long.class) {
                return handles + RAW_LONGS.length;
            }
            if (type == boolean.class) {
                return 2;
            }
            if (type == byte[].class) {
                return BYTE_COUNTS.length;
            }
            return 3;
        }

        /** A plausible value: a small number, a live handle, a few bytes, a callback that returns. */
        static Arg plausible(Class<?> type, int handles, Random r) {
            if (type == int.class) {
                return new Arg(type, INTS.length + r.nextInt(SMALL.length + 1));
            }
            if (type == long.class) {
                return new Arg(type, r.nextInt(handles - 2)); // live ones, not the stale or the foreign
            }
            if (type == byte[].class) {
                return new Arg(type, 2 + r.nextInt(2));
            }
            if (type == boolean.class) {
                return new Arg(type, r.nextInt(2));
            }
            return new Arg(type, type == String.class ? 2 : 1);
        }
    }

    record Call(Method method, Arg[] args) {
        @Override
        public String toString() {
            return method.getName() + Arrays.toString(args);
        }
    }

    /** What one call did: accepted, refused by name, or crashed (anything else), with what it checked. */
    record Outcome(ErrorCode code, String crash) {
        static final Outcome ACCEPTED = new Outcome(null, null);

        String describe() {
            return crash != null ? "crashed: " + crash : code == null ? "accepted" : "refused " + code;
        }
    }

    static List<Method> operations() {
        List<Method> out = new ArrayList<>();
        for (Method m : SkbOps.class.getMethods()) {
            if (!m.isDefault() && !java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                out.add(m);
            }
        }
        out.sort(Comparator.comparing(Method::toGenericString));
        return out;
    }

    static List<Call> calls(long seed, int handles) {
        Random r = new Random(seed);
        List<Call> out = new ArrayList<>();
        for (Method m : operations()) {
            Class<?>[] types = m.getParameterTypes();
            if (types.length == 0) {
                out.add(new Call(m, new Arg[0]));
                continue;
            }
            for (int p = 0; p < types.length; p++) {
                for (int v = 0; v < Arg.choices(types[p], handles); v++) {
                    for (int again = 0; again < 3; again++) {
                        Arg[] args = new Arg[types.length];
                        for (int q = 0; q < types.length; q++) {
                            args[q] = q == p ? new Arg(types[q], v) : Arg.plausible(types[q], handles, r);
                        }
                        out.add(new Call(m, args));
                    }
                }
            }
        }
        return out;
    }

    /** Runs one call on a side and checks it there: refused with the state unchanged, or invariants hold. */
    static Outcome run(Fixture f, Call c) {
        Object[] args = new Object[c.args.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = c.args[i].resolve(f);
        }
        Snapshot before = f.ops.snapshot();
        Outcome o;
        try {
            c.method.invoke(f.ops, args);
            o = Outcome.ACCEPTED;
        } catch (InvocationTargetException e) {
            if (!(e.getCause() instanceof SkbException s)) {
                return new Outcome(null, e.getCause().toString() + " at " + frames(e.getCause()));
            }
            o = new Outcome(s.code(), null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        Snapshot after;
        try {
            after = f.ops.snapshot();
        } catch (RuntimeException | Error e) {
            return new Outcome(o.code, "the snapshot after it crashed: " + e + " at " + frames(e));
        }
        if (o.code != null && o.code != ErrorCode.CALLBACK_FAILED && !after.equals(before)) {
            return new Outcome(o.code, "refused " + o.code + " but the state changed");
        }
        try {
            new InvariantChecker(f.ops.profile()).check(after);
        } catch (IllegalStateException e) {
            return new Outcome(o.code, "an invariant broke: " + e.getMessage().split("\n")[0]);
        }
        return o;
    }

    private static String frames(Throwable e) {
        StackTraceElement[] st = e.getStackTrace();
        return Arrays.toString(Arrays.copyOf(st, Math.min(4, st.length)));
    }

    /** What a sweep found, and how many calls each side accepted and refused. */
    record Sweep(List<String> problems, int calls, int accepted, int refused) {}

    static Sweep sweep(Supplier<SkbOps> model, Supplier<SkbOps> impl, long seed, int limit) {
        return sweep(model, impl, seed, limit, "");
    }

    /** The sweep of the calls of one operation ({@code only}, a method name), or of every one (""). */
    static Sweep sweep(Supplier<SkbOps> model, Supplier<SkbOps> impl, long seed, int limit, String only) {
        List<String> problems = new ArrayList<>();
        int accepted = 0;
        int refused = 0;
        int handles = new Fixture(model.get(), model.get()).handles.length;
        List<Call> calls = calls(seed, handles).stream()
                .filter(c -> only.isEmpty() || c.method().getName().equals(only)).toList();
        Fixture m = null;
        Fixture i = null;
        for (int k = 0; k < calls.size(); k++) {
            if (k % 8 == 0) { // fresh objects every few calls: earlier calls may have freed them
                m = new Fixture(model.get(), model.get());
                i = new Fixture(impl.get(), impl.get());
            }
            Call c = calls.get(k);
            Outcome om = run(m, c);
            Outcome oi = run(i, c);
            if (om.code == null && om.crash == null) {
                accepted++;
            } else if (om.code != null) {
                refused++;
            }
            if (om.crash != null || oi.crash != null || om.code != oi.code) {
                problems.add(String.format("call %d %s: model %s, implementation %s", k, c, om.describe(),
                        oi.describe()));
                if (problems.size() >= limit) {
                    break;
                }
                m = null;
                i = null;
                k = (k / 8 + 1) * 8 - 1; // the next block starts afresh
                if (k + 1 < calls.size()) {
                    m = new Fixture(model.get(), model.get());
                    i = new Fixture(impl.get(), impl.get());
                }
            }
        }
        return new Sweep(problems, calls.size(), accepted, refused);
    }

    /** A sweep of {@code model} against {@code impl}: the calls' problems, at most {@code limit} of them. */
    public static List<String> problems(Supplier<SkbOps> model, Supplier<SkbOps> impl, long seed, int limit) {
        return sweep(model, impl, seed, limit).problems();
    }
}
