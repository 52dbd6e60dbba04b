package skbstress.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skbstress.api.LeakReport;
import skbstress.api.Snapshot;
import skbstress.impl.slab.HandleWord;
import skbstress.impl.slab.SlabArena;
import skbstress.impl.slab.SlabCache;
import skbstress.impl.slab.SlabCorruption;

/**
 * The leak report: every live object of every kind the implementation owns, from a snapshot (exact at
 * quiescence), each with its track when it has one; the caches' live counts in one line, so that nothing live
 * goes unlisted; the counters that must agree with the caches; and the tracker's misuse reports.
 */
final class ImplLeaks {
    private ImplLeaks() {}

    static LeakReport report(ImplState st, ImplHandles handles, int livePagesCounted, List<Integer> napiCached) {
        List<LeakReport.Leak> leaks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String perCache = perCache(st, problems);
        // the object list walks every slab: only when something is live (the check runs after every Lincheck
        // invocation and every soak round, where nothing should be)
        if (!perCache.isEmpty() || !problems.isEmpty() || !ImplSnapshots.pools(st).isEmpty()) {
            try {
                Snapshot s = ImplSnapshots.take(st, napiCached);
                objects(st, handles, s, leaks);
                int cached = s.napiCachedTotal();
                if (cached != 0) {
                    problems.add(cached + " skb structs in the NAPI caches " + s.napiCached() + " (napiCacheDrain "
                            + "gives them back)");
                }
            } catch (SlabCorruption e) {
                problems.add("no object list: " + e.getMessage());
            }
        }
        if (!perCache.isEmpty()) {
            problems.add("live per cache: " + perCache);
        }
        int due = st.callbacks.pendingAcquire(); // acquire: at quiescence, after the threads' hand-off
        if (due != 0) {
            problems.add("free functions due but not run: " + due);
        }
        try {
            int live = st.internal.stats(st.pages).allocated();
            if (livePagesCounted != live) {
                problems.add("page count " + livePagesCounted + " but " + live + " pages live");
            }
        } catch (SlabCorruption e) {
            // reported with the caches
        }
        long warned = st.warnings.total();
        if (warned != 0) {
            problems.add(warned + " warnings: " + st.warnings.entries() + (st.warnings.dropped() == 0 ? ""
                    : " (" + st.warnings.dropped() + " older dropped)"));
        }
        long dropped = st.tracker.misusesDropped();
        if (dropped != 0) {
            problems.add(dropped + " more misuse reports than the " + Tracker.MISUSES + " kept");
        }
        String counts = st.tracker.countsLine();
        List<LeakReport.Misuse> misuses = st.tracker.misuses();
        if (!counts.isEmpty() && (!leaks.isEmpty() || !problems.isEmpty() || !misuses.isEmpty())) {
            problems.add(counts);
        }
        return new LeakReport(st.tracker.level.label(), leaks, problems, misuses);
    }

    /** "kmalloc-512 1, pages 2" over both arenas (sockets live for ever and are left out); corruption by name. */
    private static String perCache(ImplState st, List<String> problems) {
        StringBuilder sb = new StringBuilder();
        for (SlabArena arena : new SlabArena[] {st.visible, st.internal}) {
            for (int id = 0; id < arena.cacheCount(); id++) {
                SlabCache c = arena.cache(id);
                if (c == st.sockets || c == st.pools) {
                    continue; // pools are listed when they have not ended
                }
                try {
                    int live = arena.stats(c).allocated();
                    if (live != 0) {
                        sb.append(sb.length() == 0 ? "" : ", ").append(c.name).append(' ').append(live);
                    }
                } catch (SlabCorruption e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return sb.toString();
    }

    private static void objects(ImplState st, ImplHandles handles, Snapshot s, List<LeakReport.Leak> leaks) {
        Map<Long, List<Long>> sharers = new LinkedHashMap<>();
        Map<Long, Snapshot.Skb> shinfoOf = new LinkedHashMap<>();
        for (Snapshot.Skb k : s.skbs().values()) {
            SkbDesc d = handles.lookup(k.handle());
            leaks.add(leak(LeakReport.Kind.SKB, k.handle(), String.format("users=%s len=%d data_len=%d frags=%d"
                            + " frag_list=%d%s shinfo=%x", k.users() < 0 ? String.format("0x%08x (saturated)",
                            k.users()) : Integer.toString(k.users()), k.len(), k.dataLen(), k.frags().size(),
                    k.fragList().size(), k.cloned() ? " cloned" : "", k.shinfo()), d == null ? null : d.track, st));
            sharers.computeIfAbsent(k.shinfo(), x -> new ArrayList<>()).add(k.handle());
            shinfoOf.putIfAbsent(k.shinfo(), k);
        }
        for (Map.Entry<Long, List<Long>> e : sharers.entrySet()) {
            Snapshot.Skb k = shinfoOf.get(e.getKey());
            StringBuilder held = new StringBuilder();
            for (long h : e.getValue()) {
                held.append(held.length() == 0 ? "" : ", ").append(Long.toHexString(h));
            }
            leaks.add(new LeakReport.Leak(LeakReport.Kind.SHARED_INFO, e.getKey(), String.format("dataref=%s head=%s"
                    + ":%x (%d bytes) held by skb %s", skbstress.api.DatarefWord.describe(k.dataref()), k.headKind(),
                    k.headOwner(), k.bufferSize(), held), null, List.of(), 0));
        }
        for (Snapshot.Page p : s.pages().values()) {
            PageMeta m = (PageMeta) st.pages.payload(HandleWord.index(p.handle()));
            leaks.add(leak(LeakReport.Kind.PAGE, p.handle(), "refcount=" + p.refcount() + (p.pool() == 0 ? ""
                    : String.format(" pool=%x pp_ref_count=%d", p.pool(), p.ppRefCount())), m.track, st));
        }
        for (Snapshot.Ubuf u : s.ubufs().values()) {
            Ubuf x = (Ubuf) st.ubufs.payload(HandleWord.index(u.handle()));
            leaks.add(leak(LeakReport.Kind.UBUF, u.handle(), "refcnt=" + u.refcount() + (u.callerReference()
                    ? " (the caller still holds one: net_zcopy_put)" : ""), x.track, st));
        }
        for (Snapshot.DriverBuffer b : s.driverBuffers().values()) {
            DriverBuffer x = (DriverBuffer) st.driverBuffers.payload(HandleWord.index(b.handle()));
            leaks.add(leak(LeakReport.Kind.DRIVER_BUFFER, b.handle(), "refcount=" + b.refcount()
                    + (b.driverReference() ? " (the driver still holds one)" : ""), x.track, st));
        }
        for (Snapshot.UserObject o : s.objects().values()) {
            SlabCache c = st.visible.cache(o.cache());
            Object p = c.payload(HandleWord.index(o.handle()));
            leaks.add(leak(LeakReport.Kind.CACHE_OBJECT, o.handle(), c.name + (o.domain() == 0 ? ""
                    : " flipped to domain " + o.domain()), p instanceof Tracked t ? t.track : null, st));
        }
        for (Snapshot.Ext e : s.exts().values()) {
            leaks.add(leak(LeakReport.Kind.SKB_EXT, e.handle(), "refcnt=" + e.refcnt(), null, st));
        }
        for (Snapshot.Pool p : s.pools().values()) {
            leaks.add(leak(LeakReport.Kind.PAGE_POOL, p.handle(), "cached=" + p.cached().size() + " in_flight="
                    + p.inFlight() + (p.destroyed() ? " destroyed" : " (page_pool_destroy not called)"), null, st));
        }
    }

    /** A live object's entry: its track's when the track is of this life. */
    private static LeakReport.Leak leak(LeakReport.Kind kind, long handle, String state, Track t, ImplState st) {
        if (t != null && t.handle == handle) {
            return t.describe(state, st.tracker);
        }
        return new LeakReport.Leak(kind, handle, state, null, List.of(), 0);
    }
}
