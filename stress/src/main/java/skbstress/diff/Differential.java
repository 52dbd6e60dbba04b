package skbstress.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import skbstress.api.Kernel;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;
import skbstress.model.InvariantChecker;
import skbstress.model.SkbModel;
import skbstress.diff.Population.Kind;

/**
 * A differential run: the same steps applied to the model and to an implementation, with results
 * compared after each step (the same value, the same handle up to the bijection, or the same error
 * code), then the whole snapshots compared and both checked against every invariant.
 *
 * <p>{@link #generate} makes the next step from a seeded {@link Random} and the current population, so
 * a run is determined by its seed; {@link #run} replays a given list of steps, which is what the
 * shrinker does.
 */
public final class Differential {
    /** Caches every run creates first, with the same ids on both sides. */
    static final int PAGE_CACHE = SkbOps.FIRST_USER_CACHE;
    static final int OBJECT_CACHE = SkbOps.FIRST_USER_CACHE + 1;
    private static final int KMALLOC_128 = SkbOps.FIRST_KMALLOC_CACHE + 1;
    private static final int MAX_LIVE_SKBS = 48;

    private final SkbOps model;
    private final SkbOps impl;
    private final Bijection handles = new Bijection();
    private final SnapshotDiff diff = new SnapshotDiff(handles);
    private final InvariantChecker modelChecker = new InvariantChecker();
    private final InvariantChecker implChecker = new InvariantChecker();
    private final Population pop = new Population();
    /** The model handle each step created (0 for none), by step number: what step references name. */
    private final List<Long> created = new ArrayList<>();
    private final java.util.Map<Long, Integer> creator = new java.util.HashMap<>();
    private Snapshot modelBefore;
    private Snapshot implBefore;
    /** The SkbOps method the last step called (a step named "stale" calls free, get, ...). */
    private String called;

    /** The outcome of a failed step: which, why, and the steps up to it. */
    public record Failure(int step, Op op, String why, List<Op> steps) {
        @Override
        public String toString() {
            return "step " + step + " (" + op + "): " + why;
        }
    }

    public Differential(Supplier<SkbOps> implFactory) {
        SkbConfig config = new SkbConfig(0, 0, 0, 64);
        this.model = new SkbModel(config);
        this.impl = implFactory.get();
        model.createCache("xen-pages", Kernel.PAGE_SIZE, Kernel.PAGE_SIZE, null, 8);
        impl.createCache("xen-pages", Kernel.PAGE_SIZE, Kernel.PAGE_SIZE, null, 8);
        model.createCache("objs", 136, 8, mem -> mem.put(0, (byte) 0x5a), 0);
        impl.createCache("objs", 136, 8, mem -> mem.put(0, (byte) 0x5a), 0);
        modelBefore = model.snapshot();
        implBefore = impl.snapshot();
    }

    /** Runs {@code steps} generated steps from {@code seed}; null when model and implementation agreed throughout. */
    public static Failure generated(Supplier<SkbOps> implFactory, long seed, int steps) {
        Differential d = new Differential(implFactory);
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

    /** Replays a list of steps; null when model and implementation agreed throughout. */
    public static Failure run(Supplier<SkbOps> implFactory, List<Op> steps) {
        Differential d = new Differential(implFactory);
        for (int k = 0; k < steps.size(); k++) {
            String why = d.step(steps.get(k));
            if (why != null) {
                return new Failure(k, steps.get(k), why, steps.subList(0, k + 1));
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- generation

    private static final String[] NAMES = {
        "allocSkb", "devAllocSkb", "devAllocSkbIpAlign", "allocSkbFromCache", "buildSkb", "reserve", "put", "push",
        "pull", "trim", "get", "getMany", "free", "consume", "shareCheck", "unshare", "clone", "headerRelease",
        "cloned", "headerCloned", "linearBytes", "bytes", "allocPage", "getPage", "putPage", "writePage", "addFrag",
        "addFragList", "pskbCopy", "copy", "expandHead", "cow", "cowHead", "createDriverBuffer", "writeDriverBuffer",
        "makeZeroCopySkb", "releaseDriverBuffer", "createSocket", "ubufAlloc", "ubufExtend", "ubufPut",
        "zerocopyAttach", "orphanFrags", "readErrorQueue", "pageFlip", "releaseFlipped", "readObject", "writeObject",
        "setDestructor", "orphan", "cacheAlloc", "cacheFree", "dataObject", "stale", "forged"};
    private static final int[] WEIGHTS = {
        10, 3, 3, 3, 2, 5, 8, 4, 3, 2, 5, 1, 9, 4, 3, 2, 8, 3, 1, 1, 2, 2, 4, 2, 3, 2, 4,
        2, 2, 1, 2, 2, 2, 1, 1, 3, 1, 1, 2, 1, 2, 2, 1, 1, 2, 2, 1, 1, 1, 1, 2, 2, 1, 2, 1};

    Op generate(Random r) {
        String name;
        if (pop.size(Kind.SKB) > MAX_LIVE_SKBS) {
            name = r.nextBoolean() ? "free" : "consume";
        } else {
            int total = 0;
            for (int w : WEIGHTS) {
                total += w;
            }
            int x = r.nextInt(total);
            int k = 0;
            while (x >= WEIGHTS[k]) {
                x -= WEIGHTS[k++];
            }
            name = NAMES[k];
        }
        int[] a = new int[5];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextInt(1 << 20);
        }
        int skb = ref(Kind.SKB, a[0]);
        int skb2 = ref(Kind.SKB, a[1]);
        int page = ref(Kind.PAGE, a[1]);
        int[] args = switch (name) {
            case "allocSkb" -> new int[] {r.nextInt(2500), r.nextInt(2)};
            case "devAllocSkb", "devAllocSkbIpAlign" -> new int[] {r.nextInt(1600)};
            case "allocSkbFromCache" -> new int[] {r.nextInt(3900)};
            case "buildSkb" -> new int[] {ref(Kind.PAGE, a[0]), r.nextInt(64), new int[] {384, 512, 1024, 2048, 4096}[r.nextInt(5)]};
            case "reserve" -> new int[] {skb, r.nextInt(200)};
            case "put" -> new int[] {skb, r.nextInt(500), a[1]};
            case "push" -> new int[] {skb, r.nextInt(80), a[1]};
            case "pull", "trim" -> new int[] {skb, r.nextInt(400)};
            case "getMany" -> new int[] {skb, 1 + r.nextInt(3)};
            case "writePage" -> new int[] {ref(Kind.PAGE, a[0]), r.nextInt(4000), r.nextInt(200), a[1]};
            case "addFrag" -> new int[] {skb, page, r.nextInt(4000), r.nextInt(600)};
            case "addFragList" -> new int[] {skb, skb2};
            case "expandHead" -> new int[] {skb, r.nextInt(200), r.nextInt(200)};
            case "cow", "cowHead" -> new int[] {skb, r.nextInt(300)};
            case "createDriverBuffer" -> new int[] {60 + r.nextInt(4000)};
            case "writeDriverBuffer" -> new int[] {ref(Kind.DRIVER_BUFFER, a[0]), r.nextInt(4000), r.nextInt(300), a[1]};
            case "makeZeroCopySkb" -> new int[] {ref(Kind.DRIVER_BUFFER, a[0]),
                r.nextInt(8) == 0 ? r.nextInt(2000) : 64 * r.nextInt(32), r.nextInt(1000)};
            case "ubufAlloc" -> new int[] {ref(Kind.SOCKET, a[0]), r.nextInt(2)};
            case "zerocopyAttach" -> new int[] {skb, ref(Kind.UBUF, a[2]), page, r.nextInt(4000), r.nextInt(600)};
            case "pageFlip" -> new int[] {skb, r.nextInt(4)};
            case "releaseFlipped" -> new int[] {ref(Kind.FLIPPED, a[0]), r.nextInt(4)};
            case "readObject" -> readObjectArgs(a[0], r.nextInt(4));
            case "writeObject" -> new int[] {ref(a[0] % 2 == 0 ? Kind.OBJECT : Kind.HEAD_OBJECT, a[0]), r.nextInt(140),
                r.nextInt(40), a[1]};
            case "setDestructor" -> new int[] {skb, r.nextInt(4)};
            case "cacheAlloc" -> new int[] {r.nextInt(3)};
            case "cacheFree" -> new int[] {ref(Kind.OBJECT, a[0]), r.nextInt(5)};
            case "stale" -> new int[] {ref(Kind.DEAD, a[0]), r.nextInt(4)};
            case "forged" -> new int[] {r.nextInt(3)};
            case "allocPage", "createSocket" -> new int[0];
            case "getPage", "putPage" -> new int[] {page};
            case "releaseDriverBuffer" -> new int[] {ref(Kind.DRIVER_BUFFER, a[0])};
            case "ubufExtend", "ubufPut" -> new int[] {ref(Kind.UBUF, a[0])};
            case "readErrorQueue" -> new int[] {ref(Kind.SOCKET, a[0])};
            default -> new int[] {skb};
        };
        return new Op(name, args);
    }

    /** A reference to the step that created a live (or dead) handle of {@code kind}, or {@link #NONE}. */
    private int ref(Kind kind, int raw) {
        long h = pop.pick(kind, raw);
        Integer k = creator.get(h);
        return h == SkbOps.NULL || k == null ? NONE : -(k + 1);
    }

    private int[] readObjectArgs(int raw, int how) {
        Kind kind = how >= 2 ? Kind.FLIPPED : how == 1 ? Kind.HEAD_OBJECT : Kind.OBJECT;
        return new int[] {ref(kind, raw), how};
    }

    /** An argument that names no step: the operation gets NULL. */
    static final int NONE = Integer.MIN_VALUE;

    /** Whether an argument is a step reference (negative), rather than a number. */
    static boolean isRef(int arg) {
        return arg < 0;
    }

    // ---------------------------------------------------------------- one step

    /** Applies one step to both sides and compares; returns why they differ, or null. */
    String step(Op op) {
        created.add(SkbOps.NULL);
        Object m = apply(model, op, true);
        Object i = apply(impl, op, false);
        String why = sameResult(op, m, i);
        if (why != null) {
            return why;
        }
        Snapshot ms = model.snapshot();
        Snapshot is = impl.snapshot();
        try {
            modelChecker.check(called, modelBefore, ms);
        } catch (IllegalStateException e) {
            return "the model broke an invariant: " + e.getMessage();
        }
        try {
            implChecker.check(called, implBefore, is);
        } catch (IllegalStateException e) {
            return "the implementation broke an invariant: " + e.getMessage();
        }
        List<String> diffs = diff.compare(ms, is);
        if (!diffs.isEmpty()) {
            return "snapshots differ: " + String.join("; ", diffs.subList(0, Math.min(6, diffs.size())));
        }
        pop.prune(ms);
        modelBefore = ms;
        implBefore = is;
        return null;
    }

    private record Handle(long h) {}

    private String sameResult(Op op, Object m, Object i) {
        if (m instanceof Handle mh && i instanceof Handle ih) {
            String why = handles.unify(op.name() + " result", mh.h(), ih.h());
            if (why != null) {
                return why;
            }
            collect(op, mh.h());
            return null;
        }
        if (m instanceof List<?> ml && i instanceof List<?> il) {
            return ml.equals(il) ? null : "results differ: model " + ml + ", impl " + il;
        }
        return java.util.Objects.equals(m, i) ? null : "results differ: model " + m + ", impl " + i;
    }

    /** A handle the step returned joins the population. */
    private void collect(Op op, long h) {
        if (h == SkbOps.NULL) {
            return;
        }
        created.set(created.size() - 1, h);
        creator.putIfAbsent(h, created.size() - 1);
        switch (op.name()) {
            case "allocPage" -> pop.add(Kind.PAGE, h);
            case "createDriverBuffer" -> pop.add(Kind.DRIVER_BUFFER, h);
            case "createSocket" -> pop.add(Kind.SOCKET, h);
            case "ubufAlloc" -> pop.add(Kind.UBUF, h);
            case "cacheAlloc" -> pop.add(Kind.OBJECT, h);
            case "dataObject" -> pop.add(Kind.HEAD_OBJECT, h);
            case "pageFlip" -> {
                pop.add(Kind.FLIPPED, h);
                pop.flippedDomain.put(h, op.arg(1));
            }
            default -> pop.add(Kind.SKB, h);
        }
    }

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 131 + i * 7 + 3);
        }
        return b;
    }

    private Object apply(SkbOps ops, Op op, boolean modelSide) {
        try {
            return call(ops, op, modelSide);
        } catch (SkbException e) {
            return "ERR:" + e.code();
        } catch (RuntimeException | AssertionError e) {
            return "CRASH:" + e;
        }
    }

    /** The model handle a step reference names (NULL for none, or a step that created nothing). */
    private long resolve(int arg) {
        if (!isRef(arg) || arg == NONE) {
            return SkbOps.NULL;
        }
        int k = -arg - 1;
        return k < created.size() ? created.get(k) : SkbOps.NULL;
    }

    private long h(Kind kind, int arg, boolean modelSide) {
        long m = resolve(arg);
        return modelSide ? m : handles.toImpl(m);
    }

    private long map(long m, boolean modelSide) {
        return modelSide ? m : handles.toImpl(m);
    }

    private Object call(SkbOps o, Op op, boolean ms) {
        int[] a = op.args();
        called = op.name();
        switch (op.name()) {
            case "allocSkb":
                return new Handle(o.allocSkb(a[0], a[1] == 1));
            case "devAllocSkb":
                return new Handle(o.devAllocSkb(a[0]));
            case "devAllocSkbIpAlign":
                return new Handle(o.devAllocSkbIpAlign(a[0]));
            case "allocSkbFromCache":
                return new Handle(o.allocSkbFromCache(PAGE_CACHE, a[0]));
            case "buildSkb":
                return new Handle(o.buildSkb(h(Kind.PAGE, a[0], ms), a[1] * Kernel.SMP_CACHE_BYTES, a[2]));
            case "reserve":
                o.reserve(h(Kind.SKB, a[0], ms), a[1]);
                return "ok";
            case "put":
                o.put(h(Kind.SKB, a[0], ms), pattern(a[1], a[2]));
                return "ok";
            case "push":
                o.push(h(Kind.SKB, a[0], ms), pattern(a[1], a[2]));
                return "ok";
            case "pull":
                o.pull(h(Kind.SKB, a[0], ms), a[1]);
                return "ok";
            case "trim":
                o.trim(h(Kind.SKB, a[0], ms), a[1]);
                return "ok";
            case "get":
                o.get(h(Kind.SKB, a[0], ms));
                return "ok";
            case "getMany":
                o.getMany(h(Kind.SKB, a[0], ms), a[1]);
                return "ok";
            case "free":
                return o.free(h(Kind.SKB, a[0], ms));
            case "consume":
                return o.consume(h(Kind.SKB, a[0], ms));
            case "shareCheck":
                return new Handle(o.shareCheck(h(Kind.SKB, a[0], ms)));
            case "unshare":
                return new Handle(o.unshare(h(Kind.SKB, a[0], ms)));
            case "clone":
                return new Handle(o.clone(h(Kind.SKB, a[0], ms)));
            case "headerRelease":
                o.headerRelease(h(Kind.SKB, a[0], ms));
                return "ok";
            case "cloned":
                return o.cloned(h(Kind.SKB, a[0], ms));
            case "headerCloned":
                return o.headerCloned(h(Kind.SKB, a[0], ms));
            case "linearBytes":
                return o.linearBytes(h(Kind.SKB, a[0], ms));
            case "bytes":
                return o.bytes(h(Kind.SKB, a[0], ms));
            case "allocPage":
                return new Handle(o.allocPage());
            case "getPage":
                o.getPage(h(Kind.PAGE, a[0], ms));
                return "ok";
            case "putPage":
                o.putPage(h(Kind.PAGE, a[0], ms));
                return "ok";
            case "writePage":
                o.writePage(h(Kind.PAGE, a[0], ms), a[1], pattern(a[2], a[3]));
                return "ok";
            case "addFrag":
                o.addFrag(h(Kind.SKB, a[0], ms), h(Kind.PAGE, a[1], ms), a[2], a[3]);
                return "ok";
            case "addFragList":
                o.addFragList(h(Kind.SKB, a[0], ms), h(Kind.SKB, a[1], ms));
                return "ok";
            case "pskbCopy":
                return new Handle(o.pskbCopy(h(Kind.SKB, a[0], ms)));
            case "copy":
                return new Handle(o.copy(h(Kind.SKB, a[0], ms)));
            case "expandHead":
                o.expandHead(h(Kind.SKB, a[0], ms), a[1], a[2]);
                return "ok";
            case "cow":
                o.cow(h(Kind.SKB, a[0], ms), a[1]);
                return "ok";
            case "cowHead":
                o.cowHead(h(Kind.SKB, a[0], ms), a[1]);
                return "ok";
            case "createDriverBuffer":
                return new Handle(o.createDriverBuffer(a[0], null));
            case "writeDriverBuffer":
                o.writeDriverBuffer(h(Kind.DRIVER_BUFFER, a[0], ms), a[1], pattern(a[2], a[3]));
                return "ok";
            case "makeZeroCopySkb":
                return new Handle(o.makeZeroCopySkb(h(Kind.DRIVER_BUFFER, a[0], ms), a[1], a[2]));
            case "releaseDriverBuffer":
                o.releaseDriverBuffer(h(Kind.DRIVER_BUFFER, a[0], ms));
                return "ok";
            case "createSocket":
                return new Handle(o.createZerocopySocket());
            case "ubufAlloc":
                return new Handle(o.ubufAlloc(h(Kind.SOCKET, a[0], ms), a[1] == 1));
            case "ubufExtend":
                o.ubufExtend(h(Kind.UBUF, a[0], ms));
                return "ok";
            case "ubufPut":
                o.ubufPut(h(Kind.UBUF, a[0], ms));
                return "ok";
            case "zerocopyAttach":
                o.zerocopyAttach(h(Kind.SKB, a[0], ms), h(Kind.UBUF, a[1], ms), h(Kind.PAGE, a[2], ms), a[3], a[4]);
                return "ok";
            case "orphanFrags":
                o.orphanFrags(h(Kind.SKB, a[0], ms));
                return "ok";
            case "readErrorQueue":
                return o.readErrorQueue(h(Kind.SOCKET, a[0], ms));
            case "pageFlip":
                return new Handle(o.pageFlip(h(Kind.SKB, a[0], ms), a[1]));
            case "releaseFlipped": {
                long m = resolve(a[0]);
                int owner = pop.flippedDomain.getOrDefault(m, 1);
                o.releaseFlipped(a[1] == 0 ? (owner + 1) % SkbOps.MAX_DOMAINS : owner, map(m, ms));
                return "ok";
            }
            case "readObject": {
                boolean flipped = a[1] >= 2;
                long m = resolve(a[0]);
                int domain = flipped ? pop.flippedDomain.getOrDefault(m, 1) - (a[1] == 3 ? 1 : 0) : 0;
                return o.readObject(domain, map(m, ms));
            }
            case "writeObject":
                o.writeObject(0, h(Kind.OBJECT, a[0], ms), a[1], pattern(a[2], a[3]));
                return "ok";
            case "setDestructor":
                o.setDestructor(h(Kind.SKB, a[0], ms), a[1]);
                return "ok";
            case "orphan":
                o.orphan(h(Kind.SKB, a[0], ms));
                return "ok";
            case "cacheAlloc":
                return new Handle(o.cacheAlloc(new int[] {OBJECT_CACHE, PAGE_CACHE, KMALLOC_128}[a[0]]));
            case "cacheFree": {
                long m = resolve(a[0]);
                int cache = new int[] {OBJECT_CACHE, PAGE_CACHE, KMALLOC_128, OBJECT_CACHE, PAGE_CACHE}[a[1]];
                o.cacheFree(cache, map(m, ms));
                return "ok";
            }
            case "dataObject":
                return new Handle(o.dataObject(h(Kind.SKB, a[0], ms)));
            case "stale": {
                long m = resolve(a[0]);
                long x = map(m, ms);
                called = new String[] {"free", "get", "putPage", "linearBytes"}[a[1] & 3];
                return switch (a[1]) {
                    case 0 -> o.free(x);
                    case 1 -> {
                        o.get(x);
                        yield "ok";
                    }
                    case 2 -> {
                        o.putPage(x);
                        yield "ok";
                    }
                    default -> o.linearBytes(x);
                };
            }
            case "forged": {
                long m = 0x0123_4567L + a[0];
                long x = map(m, ms);
                called = new String[] {"free", "clone", "ubufPut"}[Math.min(a[0], 2)];
                return switch (a[0]) {
                    case 0 -> o.free(x);
                    case 1 -> new Handle(o.clone(x));
                    default -> {
                        o.ubufPut(x);
                        yield "ok";
                    }
                };
            }
            default:
                throw new IllegalArgumentException("unknown step " + op.name());
        }
    }
}
