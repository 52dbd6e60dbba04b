package skbstress.api;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable picture of everything observable: live skbs, caches, pages, zero-copy buffers, sockets and
 * the callback logs. Handles are those of the implementation that took the snapshot; comparing two
 * implementations maps one's handles onto the other's (see the differential tests).
 *
 * <p>Reading guide for {@code toString()}: one line per live object, handles in hex.
 */
public record Snapshot(
        SortedMap<Long, Skb> skbs,
        List<Cache> caches,
        SortedMap<Long, UserObject> objects,
        SortedMap<Long, Page> pages,
        SortedMap<Long, DriverBuffer> driverBuffers,
        SortedMap<Long, Ubuf> ubufs,
        SortedMap<Long, Socket> sockets,
        SortedMap<Long, Ext> exts,
        /* structs in each CPU's NAPI cache (index = CPU): head-cache objects, not skbs */ List<Integer> napiCached,
        SortedMap<Long, Pool> pools,
        List<Long> freeFunctionLog,
        List<DestructorRun> destructorLog,
        List<Completion> completionLog,
        List<Warning> warnings,
        Dropped dropped) {

    public Snapshot {
        skbs = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(skbs));
        caches = List.copyOf(caches);
        objects = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(objects));
        pages = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(pages));
        driverBuffers = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(driverBuffers));
        ubufs = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(ubufs));
        sockets = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(sockets));
        exts = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(exts));
        napiCached = List.copyOf(napiCached);
        pools = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(pools));
        freeFunctionLog = List.copyOf(freeFunctionLog);
        destructorLog = List.copyOf(destructorLog);
        completionLog = List.copyOf(completionLog);
        warnings = List.copyOf(warnings);
        java.util.Objects.requireNonNull(dropped, "dropped");
    }

    /**
     * Entries the logs no longer hold: each log keeps its newest {@link Kernel#LOG_CAPACITY} entries, so the
     * number of events of a kind is the log's size plus what was dropped.
     */
    public record Dropped(long freeFunctions, long destructors, long completions, long warnings) {
        public static final Dropped NONE = new Dropped(0, 0, 0, 0);

        public boolean any() {
            return freeFunctions + destructors + completions + warnings != 0;
        }
    }

    /** Free functions run since the start, the dropped ones included. */
    public long freeFunctionRuns() {
        return freeFunctionLog.size() + dropped.freeFunctions();
    }

    /** Destructors run since the start, the dropped ones included. */
    public long destructorRuns() {
        return destructorLog.size() + dropped.destructors();
    }

    /** Ubuf completions since the start, the dropped ones included. */
    public long completions() {
        return completionLog.size() + dropped.completions();
    }

    /** Warnings recorded since the start, the dropped ones included. */
    public long warningCount() {
        return warnings.size() + dropped.warnings();
    }

    /** One live skb: its struct, and the shared info it points at (repeated for every sharer). */
    public record Skb(
            long handle,
            int users,
            FcloneState fclone,
            /* identity of its fclone pair, or 0 when UNAVAILABLE */ long pair,
            /* fclone_ref of its pair, or 0 when UNAVAILABLE */ int fcloneRef,
            int head, int data, int tail, int end,
            int len, int dataLen, int truesize,
            boolean cloned, boolean nohdr, int hdrLen, boolean headFrag,
            /* 0 = none; SkbOps.SOCK_WFREE / SOCK_RFREE for a socket's, else a caller's tag */ int destructor,
            /* the socket that owns it (skb->sk), 0 = none */ long sk,
            /* identity of the shared info (same for every sharer) */ long shinfo,
            int dataref,
            HeadKind headKind,
            /* kmalloc or cache object, page, or driver buffer that holds the head */ long headOwner,
            /* cache of the head object (KMALLOC, CACHE heads), else -1 */ int headCache,
            /* bytes of the buffer that holds the head (object, page or driver buffer) */ int bufferSize,
            List<Frag> frags,
            List<Long> fragList,
            /* 0 = none */ long ubuf,
            boolean zerocopy,
            boolean dontOrphan,
            /* skb->extensions: the skb_ext it points at, 0 = none */ long ext,
            /* skb->active_extensions: bit id set for each extension this skb has */ int activeExt,
            /* skb->pp_recycle: its frags and head on pool pages are released to their pool */ boolean ppRecycle,
            /* bytes [data, tail) */ Bytes linear) {

        public Skb {
            frags = List.copyOf(frags);
            fragList = List.copyOf(fragList);
        }

        @Override
        public String toString() {
            return String.format(
                    "skb %x users=%d %s%s h/d/t/e=%d/%d/%d/%d len=%d data_len=%d truesize=%d%s%s hdr_len=%d%s"
                            + "%s shinfo=%x dataref=%s head=%s:%x frags=%s frag_list=%s%s linear=%s",
                    handle, users, fclone,
                    fclone == FcloneState.UNAVAILABLE ? "" : String.format("(pair %x fclone_ref=%d)", pair, fcloneRef),
                    head, data, tail, end, len, dataLen, truesize,
                    cloned ? " cloned" : "", nohdr ? " nohdr" : "", hdrLen, headFrag ? " head_frag" : "",
                    destructor == 0 ? "" : " destructor=" + destructor + (sk == 0 ? "" : String.format(" sk=%x", sk)),
                    shinfo, DatarefWord.describe(dataref), headKind, headOwner, frags, hex(fragList),
                    (ubuf == 0 ? "" : String.format(" ubuf=%x%s", ubuf, dontOrphan ? "(dont_orphan)" : ""))
                            + (ext == 0 ? "" : String.format(" ext=%x active=0x%x", ext, activeExt))
                            + (ppRecycle ? " pp_recycle" : ""),
                    linear);
        }
    }

    /** One frag descriptor: a page, an offset in it, a size. */
    public record Frag(long page, int offset, int size) {
        @Override
        public String toString() {
            return String.format("%x+%d:%d", page, offset, size);
        }
    }

    /** A cache's exact accounting. {@code free} counts every free object, wherever it is cached. */
    public record Cache(int id, String name, int objectSize, int capacity, boolean ctor, int live, int free,
                        int slabs, int ctorRuns) {
        @Override
        public String toString() {
            return String.format("cache %d '%s' size=%d%s live=%d free=%d slabs=%d ctor=%d", id, name, objectSize,
                    capacity == 0 ? "" : " capacity=" + capacity, live, free, slabs, ctorRuns);
        }
    }

    /**
     * A cache object outside any skb: allocated by a caller, or flipped to another domain. A flipped page
     * records where the packet lay in it at the flip ({@code packetLength} 0 otherwise).
     */
    public record UserObject(long handle, int cache, int domain, int packetOffset, int packetLength, Bytes bytes) {
        @Override
        public String toString() {
            return String.format("object %x cache=%d domain=%d%s bytes=%s", handle, cache, domain,
                    domain == 0 ? "" : " packet=" + packetOffset + "+" + packetLength, bytes);
        }
    }

    /**
     * A page with its reference count and contents; a page_pool page also names its pool and its pp references
     * (pp_ref_count while in flight; 0 in the pool's cache, where the kernel's field rests at 1).
     */
    public record Page(long handle, int refcount, /* its page pool, 0 = an ordinary page */ long pool,
                       int ppRefCount, Bytes bytes) {
        @Override
        public String toString() {
            return String.format("page %x refcount=%d%s bytes=%s", handle, refcount,
                    pool == 0 ? "" : String.format(" pool=%x pp_ref_count=%d", pool, ppRefCount), bytes);
        }
    }

    /**
     * A page pool that has not ended: its capacity (pool_size), its cache of recycled pages (the next one handed
     * out first), how many of its pages are in flight, and whether it was destroyed (it then ends when its last
     * page in flight leaves it).
     */
    public record Pool(long handle, int capacity, List<Long> cached, int inFlight, boolean destroyed) {
        public Pool {
            cached = List.copyOf(cached);
        }

        @Override
        public String toString() {
            return String.format("page-pool %x capacity=%d cached=%s in_flight=%d%s", handle, capacity, hex(cached),
                    inFlight, destroyed ? " destroyed" : "");
        }
    }

    /** A zero-copy driver buffer whose free function has not run yet. */
    public record DriverBuffer(long handle, int size, int refcount, boolean driverReference) {
        @Override
        public String toString() {
            return String.format("driver-buffer %x size=%d refcount=%d%s", handle, size, refcount,
                    driverReference ? " (driver holds one)" : "");
        }
    }

    /** A ubuf_info that has not completed yet. */
    public record Ubuf(long handle, long socket, long id, int len, int refcount, boolean callerReference,
                       boolean zerocopy, boolean dontOrphan) {
        @Override
        public String toString() {
            return String.format("ubuf %x socket=%x ids=[%d..%d] refcnt=%d%s%s%s", handle, socket, id,
                    (id + len - 1) & 0xffffffffL, refcount, callerReference ? " (caller holds one)" : "",
                    zerocopy ? "" : " copied", dontOrphan ? " dont_orphan" : "");
        }
    }

    /** A MSG_ZEROCOPY socket: its next id and its error queue of completion notifications. */
    /**
     * A socket: its MSG_ZEROCOPY id counter and error queue, and the truesize bytes it is charged for by the skbs
     * it owns (sk_wmem_alloc without the socket's own bias of 1, and sk_rmem_alloc).
     */
    public record Socket(long handle, long zckey, List<Notification> errorQueue, long wmemAlloc, long rmemAlloc) {
        public Socket {
            errorQueue = List.copyOf(errorQueue);
        }

        @Override
        public String toString() {
            return String.format("socket %x zckey=%d errqueue=%s wmem=%d rmem=%d", handle, zckey, errorQueue,
                    wmemAlloc, rmemAlloc);
        }
    }

    /**
     * A struct skb_ext: its refcount (the skbs that point at it) and one value per extension id (-1 where it has
     * no chunk for the id). Which ids an skb sees is its own {@code activeExt}.
     */
    public record Ext(long handle, int refcnt, List<Integer> values) {
        public Ext {
            values = List.copyOf(values);
        }

        @Override
        public String toString() {
            return String.format("ext %x refcnt=%d values=%s", handle, refcnt, values);
        }
    }

    /** A completion notification: ids [lo, hi] inclusive (u32), and whether SO_EE_CODE_ZEROCOPY_COPIED is set. */
    public record Notification(long lo, long hi, boolean copied) {
        @Override
        public String toString() {
            return "[" + lo + ".." + hi + (copied ? " COPIED]" : "]");
        }
    }

    /** A destructor call: the skb whose struct died (or was orphaned) and the destructor's tag. */
    public record DestructorRun(long skb, int tag) {
        @Override
        public String toString() {
            return String.format("destructor %d of skb %x", tag, skb);
        }
    }

    /** A ubuf completion: the callback that ran when its refcount reached zero. */
    public record Completion(long ubuf, long socket, long lo, long hi, boolean copied) {
        @Override
        public String toString() {
            return String.format("completion of ubuf %x [%d..%d]%s", ubuf, lo, hi, copied ? " COPIED" : "");
        }
    }

    /** A recorded warning (the kernel's WARN): the operation went ahead, but something leaked. */
    public record Warning(ErrorCode code, String invariant, String message) {
        @Override
        public String toString() {
            return code + " [" + invariant + "]: " + message;
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Snapshot{\n");
        lines(sb, skbs);
        for (Cache c : caches) {
            if (c.live() != 0 || c.free() != 0 || c.slabs() != 0) {
                sb.append("  ").append(c).append('\n');
            }
        }
        lines(sb, objects);
        lines(sb, pages);
        lines(sb, driverBuffers);
        lines(sb, ubufs);
        lines(sb, sockets);
        lines(sb, exts);
        if (napiCachedTotal() != 0) {
            sb.append("  napi cached: ").append(napiCached).append('\n');
        }
        lines(sb, pools);
        if (!freeFunctionLog.isEmpty()) {
            sb.append("  free functions run: ").append(hex(freeFunctionLog)).append('\n');
        }
        if (!destructorLog.isEmpty()) {
            sb.append("  ").append(destructorLog).append('\n');
        }
        if (!completionLog.isEmpty()) {
            sb.append("  ").append(completionLog).append('\n');
        }
        for (Warning w : warnings) {
            sb.append("  WARN ").append(w).append('\n');
        }
        if (dropped.any()) {
            sb.append("  older log entries dropped: ").append(dropped).append('\n');
        }
        return sb.append('}').toString();
    }

    private static void lines(StringBuilder sb, Map<Long, ?> m) {
        for (Object o : m.values()) {
            sb.append("  ").append(o).append('\n');
        }
    }

    private static String hex(List<Long> handles) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < handles.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Long.toHexString(handles.get(i)));
        }
        return sb.append(']').toString();
    }

    /** Structs in every CPU's NAPI cache. */
    public int napiCachedTotal() {
        int n = 0;
        for (int c : napiCached) {
            n += c;
        }
        return n;
    }

    /**
     * Every live object: those of the caches (skb structs, heads, caller objects) and the pages, driver buffers,
     * ubufs, skb_exts and page pools (not ended) beside them; 0 means nothing leaked. Sockets live for ever and
     * are not counted.
     */
    public int liveObjects() {
        int n = 0;
        for (Cache c : caches) {
            n += c.live();
        }
        return n + pages.size() + driverBuffers.size() + ubufs.size() + exts.size() + pools.size();
    }
}
