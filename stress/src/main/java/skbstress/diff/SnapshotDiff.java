package skbstress.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import skbstress.api.Snapshot;

/**
 * Compares a model snapshot with an implementation snapshot through the bijections: skbs field by field
 * (identities unified), then caches, objects, pages, zero-copy buffers, sockets and the logs. Warnings
 * are compared by code and invariant (their messages name handles).
 */
final class SnapshotDiff {
    private final Bijection handles;
    private final Bijection shinfos = new Bijection();
    private final Bijection pairs = new Bijection();
    private final Bijection exts = new Bijection();
    private final List<String> diffs = new ArrayList<>();

    SnapshotDiff(Bijection handles) {
        this.handles = handles;
    }

    /** The differences, or an empty list. */
    List<String> compare(Snapshot m, Snapshot i) {
        diffs.clear();
        if (m.skbs().size() != i.skbs().size()) {
            diffs.add("live skbs: model " + m.skbs().size() + ", impl " + i.skbs().size());
        }
        for (Snapshot.Skb ms : m.skbs().values()) {
            Snapshot.Skb is = handles.known(ms.handle()) ? i.skbs().get(handles.toImpl(ms.handle())) : null;
            if (is == null) {
                diffs.add(String.format("skb %x of the model has no live impl counterpart", ms.handle()));
                continue;
            }
            skb(ms, is);
        }
        eq("caches", m.caches(), i.caches());
        eq("NAPI cached structs per CPU", m.napiCached(), i.napiCached());
        size("objects", m.objects().size(), i.objects().size());
        for (Snapshot.UserObject mo : m.objects().values()) {
            Snapshot.UserObject io = i.objects().get(handles.toImpl(mo.handle()));
            if (io == null) {
                diffs.add(String.format("object %x missing in impl", mo.handle()));
            } else {
                eq("object " + Long.toHexString(mo.handle()), List.of(mo.cache(), mo.domain(), mo.packetOffset(),
                        mo.packetLength(), mo.bytes()), List.of(io.cache(), io.domain(), io.packetOffset(),
                        io.packetLength(), io.bytes()));
            }
        }
        size("pages", m.pages().size(), i.pages().size());
        for (Snapshot.Page mp : m.pages().values()) {
            Snapshot.Page ip = i.pages().get(handles.toImpl(mp.handle()));
            if (ip == null) {
                diffs.add(String.format("page %x missing in impl", mp.handle()));
            } else {
                eq("page " + Long.toHexString(mp.handle()), List.of(mp.refcount(), mp.ppRefCount(), mp.bytes()),
                        List.of(ip.refcount(), ip.ppRefCount(), ip.bytes()));
                eq("page " + Long.toHexString(mp.handle()) + " pool", mp.pool() == 0 ? 0L : handles.toImpl(mp.pool()),
                        ip.pool());
            }
        }
        size("driver buffers", m.driverBuffers().size(), i.driverBuffers().size());
        for (Snapshot.DriverBuffer md : m.driverBuffers().values()) {
            Snapshot.DriverBuffer id = i.driverBuffers().get(handles.toImpl(md.handle()));
            if (id == null) {
                diffs.add(String.format("driver buffer %x missing in impl", md.handle()));
            } else {
                eq("driver buffer " + Long.toHexString(md.handle()), List.of(md.size(), md.refcount(),
                        md.driverReference()), List.of(id.size(), id.refcount(), id.driverReference()));
            }
        }
        size("ubufs", m.ubufs().size(), i.ubufs().size());
        for (Snapshot.Ubuf mu : m.ubufs().values()) {
            Snapshot.Ubuf iu = i.ubufs().get(handles.toImpl(mu.handle()));
            if (iu == null) {
                diffs.add(String.format("ubuf %x missing in impl", mu.handle()));
            } else {
                unify("ubuf socket", mu.socket(), iu.socket());
                eq("ubuf " + Long.toHexString(mu.handle()), List.of(mu.id(), mu.len(), mu.refcount(),
                        mu.callerReference(), mu.zerocopy(), mu.dontOrphan()), List.of(iu.id(), iu.len(),
                        iu.refcount(), iu.callerReference(), iu.zerocopy(), iu.dontOrphan()));
            }
        }
        size("sockets", m.sockets().size(), i.sockets().size());
        for (Snapshot.Socket ms : m.sockets().values()) {
            Snapshot.Socket is = i.sockets().get(handles.toImpl(ms.handle()));
            if (is == null) {
                diffs.add(String.format("socket %x missing in impl", ms.handle()));
            } else {
                eq("socket " + Long.toHexString(ms.handle()), List.of(ms.zckey(), ms.errorQueue(), ms.wmemAlloc(),
                        ms.rmemAlloc()), List.of(is.zckey(), is.errorQueue(), is.wmemAlloc(), is.rmemAlloc()));
            }
        }
        size("page pools", m.pools().size(), i.pools().size());
        for (Snapshot.Pool mp : m.pools().values()) {
            Snapshot.Pool ip = handles.known(mp.handle()) ? i.pools().get(handles.toImpl(mp.handle())) : null;
            if (ip == null) {
                diffs.add(String.format("page pool %x of the model has no impl counterpart", mp.handle()));
            } else {
                eq("page pool " + Long.toHexString(mp.handle()), List.of(mp.capacity(),
                        mp.cached().stream().map(handles::toImpl).toList(), mp.inFlight(), mp.destroyed()),
                        List.of(ip.capacity(), ip.cached(), ip.inFlight(), ip.destroyed()));
            }
        }
        size("skb_exts", m.exts().size(), i.exts().size());
        for (Snapshot.Ext me : m.exts().values()) {
            Snapshot.Ext ie = exts.known(me.handle()) ? i.exts().get(exts.toImpl(me.handle())) : null;
            if (ie == null) {
                diffs.add(String.format("ext %x of the model has no impl counterpart", me.handle()));
            } else {
                eq("ext " + Long.toHexString(me.handle()), List.of(me.refcnt(), me.values()),
                        List.of(ie.refcnt(), ie.values()));
            }
        }
        logs(m, i);
        return List.copyOf(diffs);
    }

    private void skb(Snapshot.Skb m, Snapshot.Skb i) {
        String w = String.format("skb %x", m.handle());
        eq(w, List.of(m.users(), m.fclone(), m.fcloneRef(), m.head(), m.data(), m.tail(), m.end(), m.len(),
                m.dataLen(), m.truesize(), m.cloned(), m.nohdr(), m.hdrLen(), m.headFrag(), m.destructor(),
                m.dataref(), m.headKind(), m.headCache(), m.bufferSize(), m.zerocopy(), m.dontOrphan()),
                List.of(i.users(), i.fclone(), i.fcloneRef(), i.head(), i.data(), i.tail(), i.end(), i.len(),
                        i.dataLen(), i.truesize(), i.cloned(), i.nohdr(), i.hdrLen(), i.headFrag(), i.destructor(),
                        i.dataref(), i.headKind(), i.headCache(), i.bufferSize(), i.zerocopy(), i.dontOrphan()));
        note(pairs.unify(w + " pair", m.pair(), i.pair()));
        note(shinfos.unify(w + " shinfo", m.shinfo(), i.shinfo()));
        unify(w + " head owner", m.headOwner(), i.headOwner());
        unify(w + " ubuf", m.ubuf(), i.ubuf());
        unify(w + " owner socket", m.sk(), i.sk());
        eq(w + " active extensions", m.activeExt(), i.activeExt());
        eq(w + " pp_recycle", m.ppRecycle(), i.ppRecycle());
        note(exts.unify(w + " ext", m.ext(), i.ext()));
        eq(w + " linear bytes", m.linear(), i.linear());
        if (m.frags().size() != i.frags().size()) {
            diffs.add(w + " frags: model " + m.frags() + ", impl " + i.frags());
        } else {
            for (int k = 0; k < m.frags().size(); k++) {
                Snapshot.Frag mf = m.frags().get(k);
                Snapshot.Frag f = i.frags().get(k);
                unify(w + " frag " + k + " page", mf.page(), f.page());
                eq(w + " frag " + k, List.of(mf.offset(), mf.size()), List.of(f.offset(), f.size()));
            }
        }
        if (m.fragList().size() != i.fragList().size()) {
            diffs.add(w + " frag_list sizes differ");
        } else {
            for (int k = 0; k < m.fragList().size(); k++) {
                unify(w + " frag_list " + k, m.fragList().get(k), i.fragList().get(k));
            }
        }
    }

    private void logs(Snapshot m, Snapshot i) {
        size("free-function log", m.freeFunctionLog().size(), i.freeFunctionLog().size());
        for (int k = 0; k < Math.min(m.freeFunctionLog().size(), i.freeFunctionLog().size()); k++) {
            unify("free-function log " + k, m.freeFunctionLog().get(k), i.freeFunctionLog().get(k));
        }
        size("destructor log", m.destructorLog().size(), i.destructorLog().size());
        for (int k = 0; k < Math.min(m.destructorLog().size(), i.destructorLog().size()); k++) {
            Snapshot.DestructorRun a = m.destructorLog().get(k);
            Snapshot.DestructorRun b = i.destructorLog().get(k);
            unify("destructor log " + k, a.skb(), b.skb());
            eq("destructor log " + k + " tag", a.tag(), b.tag());
        }
        size("completion log", m.completionLog().size(), i.completionLog().size());
        for (int k = 0; k < Math.min(m.completionLog().size(), i.completionLog().size()); k++) {
            Snapshot.Completion a = m.completionLog().get(k);
            Snapshot.Completion b = i.completionLog().get(k);
            unify("completion log " + k, a.ubuf(), b.ubuf());
            unify("completion log " + k + " socket", a.socket(), b.socket());
            eq("completion log " + k, List.of(a.lo(), a.hi(), a.copied()), List.of(b.lo(), b.hi(), b.copied()));
        }
        List<String> mw = new ArrayList<>();
        List<String> iw = new ArrayList<>();
        m.warnings().forEach(w -> mw.add(w.code() + " " + w.invariant()));
        i.warnings().forEach(w -> iw.add(w.code() + " " + w.invariant()));
        eq("warnings", mw, iw);
    }

    private void unify(String what, long m, long i) {
        note(handles.unify(what, m, i));
    }

    private void note(String problem) {
        if (problem != null) {
            diffs.add(problem);
        }
    }

    private void size(String what, int m, int i) {
        if (m != i) {
            diffs.add(what + ": model " + m + ", impl " + i);
        }
    }

    private void eq(String what, Object m, Object i) {
        if (!Objects.equals(m, i)) {
            diffs.add(what + ": model " + m + ", impl " + i);
        }
    }
}
