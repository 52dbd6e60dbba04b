package skbstress.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import skbstress.api.Bytes;
import skbstress.api.FcloneState;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;
import skbstress.impl.slab.HandleWord;
import skbstress.impl.slab.OwnerWord;
import skbstress.impl.slab.SlabArena;
import skbstress.impl.slab.SlabCache;

/** Builds a snapshot by walking every slab. Exact only at quiescence: no thread may be inside an operation. */
final class ImplSnapshots {
    private ImplSnapshots() {}

    private static final FcloneState[] FCLONE = FcloneState.values();

    static Snapshot.Skb view(ImplState st, SkbDesc d) {
        Shinfo sh = d.shinfo;
        List<Snapshot.Frag> frags = new ArrayList<>(sh.nrFrags);
        for (int i = 0; i < sh.nrFrags; i++) {
            frags.add(new Snapshot.Frag(sh.fragPage[i], sh.fragOff[i], sh.fragSize[i]));
        }
        List<Long> list = new ArrayList<>(sh.fragListCount);
        for (int i = 0; i < sh.fragListCount; i++) {
            list.add(ImplHandles.handleOf(sh.fragList[i]));
        }
        boolean paired = d.fclone != SkbDesc.UNAVAILABLE;
        long pair = paired ? HandleWord.make(d.pair.life, HandleWord.OBJECT, SkbOps.FCLONE_CACHE, d.pair.index) : 0;
        long headOwner = switch (sh.headKind) {
            case KMALLOC -> HandleWord.make(sh.life, HandleWord.OBJECT, sh.headCache.id, sh.headIndex);
            case CACHE -> ImplSlabs.objectHandle(sh.headCache, sh.headIndex);
            case PAGE_FRAG -> sh.headPage;
            case DRIVER_SLICE -> sh.driverBuffer.handle;
        };
        int headCache = sh.headKind == HeadKind.KMALLOC || sh.headKind == HeadKind.CACHE ? sh.headCache.id : -1;
        long shinfoId = HandleWord.make(sh.life, HandleWord.OBJECT, sh.home == st.shinfos ? 0 : sh.home.id,
                sh.homeIndex);
        long w = d.getStateAcquire(); // acquire: pairs with the holders' release CASes; exact at quiescence
        // acquire: fclone_ref and dataref below pair with their holders' release RMWs; exact at quiescence, a
        // moment's value under view's reader pin
        return new Snapshot.Skb(ImplHandles.handleOf(d, SkbLife.gen(w)), SkbLife.users(w), FCLONE[d.fclone], pair,
                paired ? d.pair.getFcloneRefAcquire() : 0, d.head, d.data, d.tail, d.end, d.len, d.dataLen,
                d.truesize, d.cloned, d.nohdr, d.hdrLen, d.headFrag, d.destructor, skHandle(d), shinfoId, sh.getDatarefAcquire(),
                sh.headKind, headOwner, headCache, sh.bufferSize, frags, list,
                sh.uarg == null ? 0 : sh.uarg.handle, sh.zerocopy, sh.dontOrphan,
                d.ext == null ? 0 : d.ext.handle, d.activeExt, d.ppRecycle,
                Bytes.copyOf(sh.buf, sh.base + d.data, sh.base + d.tail));
    }

    /** @param napiCached each CPU's NAPI cache count (ImplNapi) */
    static Snapshot take(ImplState st, List<Integer> napiCached) {
        Map<Long, Snapshot.Skb> skbs = new TreeMap<>();
        st.headCache.forEachCreated(i -> {
            SkbDesc d = (SkbDesc) st.headCache.payload(i);
            if (SkbLife.alive(d.getStateAcquire())) { // acquire: at quiescence, after the hand-off
                skbs.put(ImplHandles.handleOf(d), view(st, d));
            }
        });
        st.fcloneCache.forEachCreated(i -> {
            FclonePair p = (FclonePair) st.fcloneCache.payload(i);
            for (SkbDesc d : new SkbDesc[] {p.skb1, p.skb2}) {
                if (SkbLife.alive(d.getStateAcquire())) { // acquire: at quiescence, after the hand-off
                    skbs.put(ImplHandles.handleOf(d), view(st, d));
                }
            }
        });
        SlabArena arena = st.visible;
        List<Snapshot.Cache> caches = new ArrayList<>();
        Map<Long, Snapshot.UserObject> objects = new TreeMap<>();
        for (int id = 0; id < arena.cacheCount(); id++) {
            SlabCache c = arena.cache(id);
            SlabArena.Stats s = arena.stats(c);
            caches.add(new Snapshot.Cache(c.id, c.name, c.objectSize, c.capacity, c.hasCtor(), s.allocated(), s.free(),
                    s.slabs(), c.ctorRuns()));
            if (c.id == SkbOps.HEAD_CACHE || c.id == SkbOps.FCLONE_CACHE) {
                continue; // struct caches hold skbs only (callers may not allocate from them)
            }
            c.forEachAllocated(i -> {
                int w = c.getOwnerAcquire(i); // acquire: at quiescence; a flip's store published the packet fields
                int role = OwnerWord.role(w);
                if (role == OwnerWord.ROLE_USER || role == OwnerWord.ROLE_FLIPPED) {
                    ObjectMeta meta = c.payload(i) instanceof ObjectMeta m ? m : null;
                    boolean flipped = role == OwnerWord.ROLE_FLIPPED && meta != null;
                    int off = c.byteOffset(i);
                    long h = ImplSlabs.objectHandle(c, i);
                    objects.put(h, new Snapshot.UserObject(h, c.id, OwnerWord.domain(w),
                            flipped ? meta.packetOffset : 0, flipped ? meta.packetLength : 0,
                            c.bytesOf(i) == null ? Bytes.EMPTY : Bytes.copyOf(c.bytesOf(i), off, off + c.objectSize)));
                }
            });
        }
        Map<Long, Snapshot.Page> pages = new TreeMap<>();
        st.pages.forEachAllocated(i -> {
            long h = HandleWord.make(st.pages.generation(i), HandleWord.PAGE, st.pages.id, i);
            int off = st.pages.byteOffset(i);
            PageMeta m = (PageMeta) st.pages.payload(i);
            pages.put(h, new Snapshot.Page(h, m.refcount(), m.isPp() ? m.pool.handle : 0, m.ppRefCount(),
                    Bytes.copyOf(st.pages.bytesOf(i), off, off + Kernel.PAGE_SIZE)));
        });
        Map<Long, Snapshot.DriverBuffer> buffers = new TreeMap<>();
        st.driverBuffers.forEachAllocated(i -> {
            DriverBuffer b = (DriverBuffer) st.driverBuffers.payload(i);
            buffers.put(b.handle, new Snapshot.DriverBuffer(b.handle, b.bytes.length, b.refcount(),
                    b.driverHoldsReference()));
        });
        Map<Long, Snapshot.Ubuf> ubufs = new TreeMap<>();
        st.ubufs.forEachAllocated(i -> {
            Ubuf u = (Ubuf) st.ubufs.payload(i);
            // acquire: at quiescence, after the hand-off that orders every extension, attach and put
            ubufs.put(u.handle, new Snapshot.Ubuf(u.handle, u.socket.handle, u.id, u.getLenAcquire(),
                    u.getRefcntAcquire(), u.callerHoldsReference(), u.getZerocopyAcquire(), u.dontOrphan));
        });
        Map<Long, Snapshot.Socket> sockets = new TreeMap<>();
        st.sockets.forEachAllocated(i -> {
            ZcSocket s = (ZcSocket) st.sockets.payload(i);
            // acquire: at quiescence, after the hand-off that orders every send and charge
            sockets.put(s.handle, new Snapshot.Socket(s.handle, s.getZckeyAcquire(), s.errorQueue.get(),
                    s.getWmemAcquire(), s.getRmemAcquire()));
        });
        Map<Long, Snapshot.Ext> exts = new TreeMap<>();
        st.exts.forEachAllocated(i -> {
            SkbExt e = (SkbExt) st.exts.payload(i);
            // acquire: at quiescence, after the hand-off that orders every holder's get and put
            exts.put(e.handle, new Snapshot.Ext(e.handle, e.getRefcntAcquire(),
                    java.util.Arrays.stream(e.values).boxed().toList()));
        });
        return new Snapshot(new TreeMap<>(skbs), caches, new TreeMap<>(objects), new TreeMap<>(pages),
                new TreeMap<>(buffers), new TreeMap<>(ubufs), new TreeMap<>(sockets), new TreeMap<>(exts),
                napiCached, pools(st),
                st.freeFunctionLog.entries(),
                st.destructorLog.entries(), st.completionLog.entries(), st.warnings.entries(),
                new Snapshot.Dropped(st.freeFunctionLog.dropped(), st.destructorLog.dropped(),
                        st.completionLog.dropped(), st.warnings.dropped()));
    }

    private static long skHandle(SkbDesc d) {
        ZcSocket sk = d.getSkAcquire(); // acquire: no owner change at quiescence or under view's reader pin
        return sk == null ? 0 : sk.handle;
    }

    static TreeMap<Long, Snapshot.Pool> pools(ImplState st) {
        TreeMap<Long, Snapshot.Pool> pools = new TreeMap<>();
        st.pools.forEachAllocated(i -> {
            Snapshot.Pool p = ImplPagePool.snapshot(st, (ImplPool) st.pools.payload(i));
            if (p != null) { // ended: destroyed, and its last page gone
                pools.put(p.handle(), p);
            }
        });
        return pools;
    }
}
