package skbstress.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import skbstress.api.Bytes;
import skbstress.api.FcloneState;
import skbstress.api.HeadKind;
import skbstress.api.Snapshot;

/** Builds the immutable snapshot of the model's state. */
final class Snapshots {
    private Snapshots() {}

    static Snapshot.Skb view(ModelSkb skb) {
        ModelShinfo sh = skb.shinfo;
        List<Snapshot.Frag> frags = new ArrayList<>();
        for (ModelShinfo.Frag f : sh.frags) {
            frags.add(new Snapshot.Frag(f.page().handle, f.offset(), f.size()));
        }
        List<Long> list = new ArrayList<>();
        for (ModelSkb m : sh.fragList) {
            list.add(m.handle);
        }
        boolean paired = skb.fclone != FcloneState.UNAVAILABLE;
        int headCache = sh.headKind == HeadKind.KMALLOC || sh.headKind == HeadKind.CACHE
                ? sh.headObject.object.cache.id : -1;
        return new Snapshot.Skb(skb.handle, skb.users.value(), skb.fclone,
                paired ? skb.pair.id : 0, paired ? skb.pair.fcloneRef.value() : 0,
                skb.head, skb.data, skb.tail, skb.end, skb.len, skb.dataLen, skb.truesize,
                skb.cloned, skb.nohdr, skb.hdrLen, skb.headFrag, skb.destructor, skb.sk == null ? 0 : skb.sk.handle,
                sh.id, sh.dataref, sh.headKind, sh.headOwner(), headCache, sh.buffer().length, frags, list,
                sh.uarg == null ? 0 : sh.uarg.handle, sh.zerocopy, sh.dontOrphan,
                skb.ext == null ? 0 : skb.ext.handle, skb.activeExt, skb.ppRecycle,
                Bytes.copyOf(sh.buffer(), skb.data, skb.tail));
    }

    static Snapshot take(ModelState state) {
        Map<Long, Snapshot.Skb> skbs = new TreeMap<>();
        for (ModelSkb s : state.liveSkbs.values()) {
            skbs.put(s.handle, view(s));
        }
        List<Snapshot.Cache> caches = new ArrayList<>();
        for (ModelCache c : state.caches) {
            caches.add(c.view());
        }
        Map<Long, Snapshot.UserObject> objects = new TreeMap<>();
        for (ModelCache.Allocation a : state.liveObjects.values()) {
            if ((a.owner == ModelCache.Owner.USER || a.owner == ModelCache.Owner.FLIPPED)) {
                objects.put(a.handle, new Snapshot.UserObject(a.handle, a.object.cache.id, a.domain,
                        a.packetOffset, a.packetLength, Bytes.copyOf(a.object.bytes())));
            }
        }
        Map<Long, Snapshot.Page> pages = new TreeMap<>();
        for (ModelPage p : state.livePageSet.values()) {
            pages.put(p.handle, new Snapshot.Page(p.handle, p.refcount, p.pool == null ? 0 : p.pool.handle,
                    p.ppRefs, Bytes.copyOf(p.bytes)));
        }
        Map<Long, Snapshot.DriverBuffer> buffers = new TreeMap<>();
        for (ModelDriverBuffer b : state.liveDriverBuffers.values()) {
            buffers.put(b.handle, new Snapshot.DriverBuffer(b.handle, b.bytes.length, b.refcount,
                    b.driverReference));
        }
        Map<Long, Snapshot.Ubuf> ubufs = new TreeMap<>();
        for (ModelUbuf u : state.liveUbufs.values()) {
            ubufs.put(u.handle, new Snapshot.Ubuf(u.handle, u.socket.handle, u.id, u.len, u.refcnt.value(),
                    u.callerReference, u.zerocopy, u.dontOrphan));
        }
        Map<Long, Snapshot.Socket> sockets = new TreeMap<>();
        for (ModelSocket s : state.sockets.values()) {
            sockets.put(s.handle, new Snapshot.Socket(s.handle, s.zckey, s.errorQueue, s.wmem, s.rmem));
        }
        Map<Long, Snapshot.Ext> exts = new TreeMap<>();
        for (ModelExt e : state.liveExts.values()) {
            exts.put(e.handle, new Snapshot.Ext(e.handle, e.refcnt, java.util.Arrays.stream(e.values).boxed().toList()));
        }
        return new Snapshot(new TreeMap<>(skbs), caches, new TreeMap<>(objects), new TreeMap<>(pages),
                new TreeMap<>(buffers), new TreeMap<>(ubufs), new TreeMap<>(sockets), new TreeMap<>(exts),
                Napi.counts(state), pools(state),
                state.freeFunctionLog.entries(),
                state.destructorLog.entries(), state.completionLog.entries(), state.warnings.entries(),
                new Snapshot.Dropped(state.freeFunctionLog.dropped(), state.destructorLog.dropped(),
                        state.completionLog.dropped(), state.warnings.dropped()));
    }

    private static TreeMap<Long, Snapshot.Pool> pools(ModelState state) {
        TreeMap<Long, Snapshot.Pool> pools = new TreeMap<>();
        for (ModelPool p : state.livePools.values()) {
            pools.put(p.handle, new Snapshot.Pool(p.handle, p.capacity,
                    p.cache.stream().map(g -> g.handle).toList(), p.inFlight, p.destroyed));
        }
        return pools;
    }
}
