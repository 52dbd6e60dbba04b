package skbstress.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code skbstress bench} measures: the paths, and on each the JMH benchmark of every subject that applies
 * to it, with a note for each subject that does not. The report is drawn from this and JMH's JSON alone.
 */
final class BenchCatalog {
    private BenchCatalog() {}

    /** How a subject counts: ours is compared with the best peer; a baseline is drawn for scale only. */
    enum Kind { OURS, PEER, BASELINE }

    record Subject(String id, String label, Kind kind) {}

    /** One benchmark: a subject on a path. {@code benchmark} is JMH's name (class and method, or group). */
    record Entry(String path, Subject subject, String benchmark) {
        String id() {
            return path + "/" + subject.id();
        }

        String method() {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1);
        }
    }

    /** A path, its benchmarks, and why the subjects without one have none. */
    record Path(String id, String title, String what, List<Entry> entries, Map<Subject, String> notApplicable) {}

    static final Subject OURS = new Subject("ours", "ours (SkbImpl)", Kind.OURS);
    static final Subject ADAPTIVE_HEAP = new Subject("netty-adaptive-heap", "Netty adaptive heap (4.2 default)",
            Kind.PEER);
    static final Subject ADAPTIVE_DIRECT = new Subject("netty-adaptive-direct", "Netty adaptive direct", Kind.PEER);
    static final Subject POOLED_HEAP = new Subject("netty-pooled-heap", "Netty pooled heap", Kind.PEER);
    static final Subject POOLED_DIRECT = new Subject("netty-pooled-direct", "Netty pooled direct", Kind.PEER);
    static final Subject RECYCLER = new Subject("netty-recycler", "Netty Recycler", Kind.PEER);
    static final Subject BYTE_ARRAY = new Subject("new-byte-array", "new byte[2048] (GC)", Kind.BASELINE);
    static final Subject HAND_OFF = new Subject("hand-off", "the hand-off alone", Kind.BASELINE);
    static final Subject KERNEL_ATOMICS = new Subject("kernel-atomics", "the kernel's 3 atomic RMWs alone",
            Kind.BASELINE);

    private static final String SKB = "skbstress.bench.SkbBenchmarks.";
    private static final String CROSS = "skbstress.bench.CrossThreadBenchmarks.";

    private static final String DUPLICATE_NOTE = "a duplicate shares its buffer whichever allocator made it: one "
            + "heap buffer (adaptive) and one direct buffer (pooled) stand for Netty";
    private static final String NO_BUFFER = "recycles objects of one class; it hands out no data buffer";
    private static final String BUFFERS_ONLY = "a buffer allocator, not a cache of fixed-size objects: alloc+free "
            + "compares it";
    private static final String NO_SHARING = "an array has no second reference that shares its bytes";

    /** Why the other subjects sit out the two clone paths. */
    private static final Map<Subject, String> CLONE_PATHS_NA = na(ADAPTIVE_DIRECT, DUPLICATE_NOTE, POOLED_HEAP,
            DUPLICATE_NOTE, RECYCLER, NO_BUFFER, BYTE_ARRAY, NO_SHARING);
    /** Why the buffer allocators and the array sit out the two slab paths. */
    private static final Map<Subject, String> SLAB_PATHS_NA = na(ADAPTIVE_HEAP, BUFFERS_ONLY, ADAPTIVE_DIRECT,
            BUFFERS_ONLY, POOLED_HEAP, BUFFERS_ONLY, POOLED_DIRECT, BUFFERS_ONLY, BYTE_ARRAY,
            "alloc+free shows what a fresh object costs");

    static final List<Path> PATHS = List.of(
            new Path("alloc-free", "alloc+free", "One skb (struct and 2 KiB head) allocated and freed, against one "
                    + "2 KiB buffer allocated and released, and a 2 KiB array left to the garbage collector.",
                    List.of(e("alloc-free", OURS, SKB + "skbAllocFree"),
                            e("alloc-free", ADAPTIVE_HEAP, SKB + "nettyAdaptiveHeapAllocRelease"),
                            e("alloc-free", ADAPTIVE_DIRECT, SKB + "nettyAdaptiveDirectAllocRelease"),
                            e("alloc-free", POOLED_HEAP, SKB + "nettyPooledHeapAllocRelease"),
                            e("alloc-free", POOLED_DIRECT, SKB + "nettyPooledDirectAllocRelease"),
                            e("alloc-free", BYTE_ARRAY, SKB + "newByteArray")),
                    na(RECYCLER, NO_BUFFER)),
            new Path("clone-free", "clone+free", "A clone of a held skb (a struct from the head cache) made and freed, "
                    + "against a retained duplicate of a held buffer made and released.",
                    List.of(e("clone-free", OURS, SKB + "skbCloneFree"),
                            e("clone-free", ADAPTIVE_HEAP, SKB + "nettyAdaptiveRetainedDuplicateRelease"),
                            e("clone-free", POOLED_DIRECT, SKB + "nettyRetainedDuplicateRelease")),
                    CLONE_PATHS_NA),
            new Path("fast-clone-free", "fast clone+free", "The fast clone (skb2 of an fclone pair) made and freed, "
                    + "against the same retained duplicates as clone+free; and, for scale, the three atomic "
                    + "read-modify-writes the kernel itself does on this path, alone.",
                    List.of(e("fast-clone-free", OURS, SKB + "skbFastCloneFree"),
                            e("fast-clone-free", ADAPTIVE_HEAP, SKB + "nettyAdaptiveRetainedDuplicateRelease"),
                            e("fast-clone-free", POOLED_DIRECT, SKB + "nettyRetainedDuplicateRelease"),
                            e("fast-clone-free", KERNEL_ATOMICS, SKB + "kernelFastCloneAtomics")),
                    CLONE_PATHS_NA),
            new Path("slab-alloc-free", "slab object alloc+free", "One 256-byte object from our slab allocator "
                    + "taken and given back, against one object from Netty's Recycler.",
                    List.of(e("slab-alloc-free", OURS, SKB + "slabAllocFree"),
                            e("slab-alloc-free", RECYCLER, SKB + "nettyRecyclerGetRecycle")),
                    SLAB_PATHS_NA),
            new Path("slab-bulk", "slab bulk alloc+free (16)", "kmem_cache_alloc_bulk and kmem_cache_free_bulk of "
                    + "16 objects of 256 bytes, against 16 gets and then 16 recycles of Netty's Recycler: time per "
                    + "object.",
                    List.of(e("slab-bulk", OURS, SKB + "slabBulkAllocFree"),
                            e("slab-bulk", RECYCLER, SKB + "nettyRecyclerBulkGetRecycle")),
                    SLAB_PATHS_NA),
            new Path("cross-thread-free", "cross-thread free", "Allocated on one thread, freed on another (the RX "
                    + "path), in batches of 32 through two single-producer single-consumer rings: time per buffer of "
                    + "the pair.",
                    List.of(e("cross-thread-free", OURS, CROSS + "skbCrossThreadFree"),
                            e("cross-thread-free", ADAPTIVE_HEAP, CROSS + "nettyAdaptiveCrossThreadRelease"),
                            e("cross-thread-free", POOLED_DIRECT, CROSS + "nettyCrossThreadRelease"),
                            e("cross-thread-free", HAND_OFF, CROSS + "handOff")),
                    na(ADAPTIVE_DIRECT, "adaptive heap stands for the adaptive allocator here",
                            POOLED_HEAP, "pooled direct stands for the pooled allocator here", RECYCLER, NO_BUFFER,
                            BYTE_ARRAY, "the collector frees it: there is no free to hand to another thread")));

    /** The scaling chart: alloc+free on 1, 2 and as many threads as the machine has. */
    static final Path SCALING = new Path("scaling", "thread scaling (alloc+free)", "alloc+free run on 1, 2 and more "
            + "threads at once, each thread on its own state: total operations per microsecond of all threads.",
            List.of(e("scaling", OURS, SKB + "skbAllocFree"),
                    e("scaling", ADAPTIVE_HEAP, SKB + "nettyAdaptiveHeapAllocRelease"),
                    e("scaling", ADAPTIVE_DIRECT, SKB + "nettyAdaptiveDirectAllocRelease"),
                    e("scaling", BYTE_ARRAY, SKB + "newByteArray")),
            Map.of());

    static List<Path> all() {
        List<Path> p = new ArrayList<>(PATHS);
        p.add(SCALING);
        return p;
    }

    /** The entries whose id ("alloc-free/ours") or benchmark name contains a match of the filter. */
    static List<Entry> select(Pattern filter) {
        List<Entry> out = new ArrayList<>();
        for (Path p : all()) {
            for (Entry e : p.entries()) {
                if (filter.matcher(e.id()).find() || filter.matcher(e.benchmark()).find()) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** JMH names of the entries, each once, in catalog order. */
    static Set<String> benchmarks(List<Entry> entries) {
        Set<String> s = new LinkedHashSet<>();
        entries.forEach(e -> s.add(e.benchmark()));
        return s;
    }

    private static Entry e(String path, Subject s, String benchmark) {
        return new Entry(path, s, benchmark);
    }

    private static Map<Subject, String> na(Object... subjectThenWhy) {
        Map<Subject, String> m = new LinkedHashMap<>();
        for (int i = 0; i < subjectThenWhy.length; i += 2) {
            m.put((Subject) subjectThenWhy[i], (String) subjectThenWhy[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
