package skbstress.model;

import java.util.ArrayList;
import java.util.List;
import skbstress.api.DatarefWord;
import skbstress.api.FreeFunction;
import skbstress.api.Kernel;
import skbstress.api.Refusals;
import skbstress.api.Snapshot;

import static skbstress.model.ModelState.ensure;

/**
 * Two forms of zero-copy buffers: driver buffers with a shared header and a user free function (the
 * make_zero_copy_skb patch), and ubuf_info user buffers with MSG_ZEROCOPY completion notifications.
 */
final class ZeroCopy {
    private final ModelState state;
    private Constructors constructors;
    private Frags frags;

    ZeroCopy(ModelState state) {
        this.state = state;
    }

    void wire(Constructors c, Frags f) {
        this.constructors = c;
        this.frags = f;
    }

    // ---------------------------------------------------------------- (a) driver buffers

    long createDriverBuffer(int size, FreeFunction fn) {
        if (size <= Kernel.ZC_HEADER_SIZE || size > Kernel.ZC_MAX_BUFFER) {
            throw Refusals.driverBufferSize(size);
        }
        ModelDriverBuffer b = new ModelDriverBuffer(state.next(Handles.Kind.DRIVER_BUFFER), size, fn);
        state.driverBuffers.put(b.handle, b);
        state.liveDriverBuffers.put(b.handle, b);
        return b.handle;
    }

    private static void requireSlice(ModelDriverBuffer b, int offset, int len, String op) {
        if (len <= 0 || offset < Kernel.ZC_HEADER_SIZE || (long) offset + len > b.bytes.length) {
            throw Refusals.sliceRange(op, offset, (long) offset + len, b.bytes.length, b.handle);
        }
    }

    /** A slice starts on a line and holds the lines it touches, which no live slice may hold. */
    private static void requireFreeLines(ModelDriverBuffer b, int offset, int len) {
        if (offset % Kernel.SMP_CACHE_BYTES != 0) {
            throw Refusals.sliceUnaligned(offset);
        }
        int first = offset / Kernel.SMP_CACHE_BYTES;
        int end = (offset + len + Kernel.SMP_CACHE_BYTES - 1) / Kernel.SMP_CACHE_BYTES;
        int held = b.lines.nextSetBit(first);
        if (held >= 0 && held < end) {
            throw Refusals.sliceOverlap(offset, (long) offset + len, b.handle, held);
        }
    }

    void writeDriverBuffer(long h, int offset, byte[] bytes) {
        ModelDriverBuffer b = state.driverBuffer(h, "write driver buffer", false);
        if (bytes == null) {
            throw Refusals.nullBytes("write driver buffer");
        }
        requireSlice(b, offset, Math.max(1, bytes.length), "write driver buffer");
        System.arraycopy(bytes, 0, b.bytes, offset, bytes.length);
    }

    long makeZeroCopySkb(long h, int offset, int len) {
        ModelDriverBuffer b = state.driverBuffer(h, "make_zero_copy_skb", false);
        if (!b.driverReference) {
            throw Refusals.driverReleasedCarve(h);
        }
        requireSlice(b, offset, len, "make_zero_copy_skb");
        requireFreeLines(b, offset, len);
        constructors.requireRoom(false, Constructors.NO_HEAD);
        return constructors.newDriverSliceSkb(b, offset, len).handle;
    }

    void releaseDriverBuffer(long h) {
        ModelDriverBuffer b = state.driverBuffer(h, "release driver buffer", true);
        if (!b.driverReference) {
            throw Refusals.driverDoubleRelease(h, b.refcount);
        }
        b.driverReference = false;
        driverUnref(b);
    }

    /**
     * One reference on the shared header dropped; the last one frees the buffer and makes its free
     * function due, once (I-ZCDRV-1). It runs when the outermost operation ends, after every state
     * change of this release, so that a free function calling the model finds a consistent state.
     */
    void driverUnref(ModelDriverBuffer b) {
        ensure(b.refcount > 0, "I-ZCDRV-1", "driver buffer refcount below zero");
        if (--b.refcount == 0) {
            state.liveDriverBuffers.remove(b.handle);
            state.freeFunctionLog.add(b.handle);
            if (b.freeFunction != null) {
                state.due.add(new ModelState.DueCall(b.freeFunction, b.handle));
            }
        }
    }

    // ---------------------------------------------------------------- (b) ubuf_info and MSG_ZEROCOPY

    long createSocket() {
        ModelSocket s = new ModelSocket(state.next(Handles.Kind.SOCKET));
        state.sockets.put(s.handle, s);
        return s.handle;
    }

    long ubufAlloc(long socketHandle, boolean dontOrphan) {
        ModelSocket s = state.socket(socketHandle, "msg_zerocopy_alloc");
        ModelUbuf u = new ModelUbuf(state.next(Handles.Kind.UBUF), s, s.zckey, dontOrphan);
        s.zckey = (s.zckey + 1) & ModelSocket.U32;
        state.ubufs.put(u.handle, u);
        state.liveUbufs.put(u.handle, u);
        return u.handle;
    }

    private static void requireCallerRef(ModelUbuf u, String op) {
        if (!u.callerReference) {
            throw Refusals.ubufCallerDropped(op, u.handle);
        }
    }

    void ubufExtend(long h) {
        ModelUbuf u = state.ubuf(h, "msg_zerocopy_realloc", false);
        requireCallerRef(u, "msg_zerocopy_realloc");
        long next = (u.id + u.len) & ModelSocket.U32;
        if (next != u.socket.zckey || u.len >= 0xffff - 1) {
            throw Refusals.ubufExtend(h, u.id, next - 1, u.socket.zckey, u.len >= 0xffff - 1);
        }
        u.len++;
        u.socket.zckey = (u.socket.zckey + 1) & ModelSocket.U32;
    }

    void ubufPut(long h) {
        ModelUbuf u = state.ubuf(h, "net_zcopy_put", true);
        if (!u.callerReference) {
            throw Refusals.ubufDoublePut(h);
        }
        u.callerReference = false;
        ubufCallback(u, true);
    }

    /** msg_zerocopy_callback: success is and-ed in; the reference that reaches 0 completes, once. */
    private void ubufCallback(ModelUbuf u, boolean success) {
        u.zerocopy &= success;
        if (u.refcnt.decAndTest(state, "refcnt of ubuf " + Long.toHexString(u.handle))) {
            ensure(!u.completed, "I-ZC-2", "ubuf completed twice");
            u.completed = true;
            state.liveUbufs.remove(u.handle);
            long hi = (u.id + u.len - 1) & ModelSocket.U32;
            state.completionLog.add(new Snapshot.Completion(u.handle, u.socket.handle, u.id, hi, !u.zerocopy));
            u.socket.notify(u.id, u.len, !u.zerocopy);
        }
    }

    void attach(long skbHandle, long ubufHandle, long pageHandle, int offset, int size) {
        ModelSkb skb = state.skb(skbHandle, "skb_zcopy_set");
        ModelUbuf u = state.ubuf(ubufHandle, "skb_zcopy_set", false);
        requireCallerRef(u, "skb_zcopy_set");
        ModelPage page = state.page(pageHandle, "skb_zcopy_set", false);
        frags.checkFrag(skb, page, offset, size, "skb_zcopy_set");
        ModelShinfo sh = skb.shinfo;
        if (sh.uarg != null && sh.uarg != u) {
            throw Refusals.ubufConflict(skbHandle, sh.uarg.handle);
        }
        if (sh.uarg == null) {
            u.refcnt.add(1, state, "refcnt of ubuf " + Long.toHexString(u.handle));
            sh.uarg = u;
            sh.zerocopy = true;
            sh.dontOrphan = u.dontOrphan;
        }
        Frags.appendFrag(skb, page, offset, size);
    }

    List<Snapshot.Notification> readErrorQueue(long h) {
        ModelSocket s = state.socket(h, "recvmsg(MSG_ERRQUEUE)");
        List<Snapshot.Notification> out = new ArrayList<>(s.errorQueue);
        s.errorQueue.clear();
        return out;
    }

    /** skb_zcopy_clear: the shared info's ubuf reference is dropped, reporting success or a copy. */
    void zcopyClear(ModelShinfo sh, boolean success) {
        if (sh.zerocopy) {
            ModelUbuf u = sh.uarg;
            sh.uarg = null;
            sh.zerocopy = false;
            sh.dontOrphan = false;
            ubufCallback(u, success);
        }
    }

    /** skb_zerocopy_clone for a new shared info: it takes a ubuf reference of its own (I-ZC-1). */
    void shareUbuf(ModelShinfo from, ModelShinfo to) {
        if (from.zerocopy) {
            from.uarg.refcnt.add(1, state, "refcnt of ubuf " + Long.toHexString(from.uarg.handle));
            to.uarg = from.uarg;
            to.zerocopy = true;
            to.dontOrphan = from.dontOrphan;
        }
    }

    // ---------------------------------------------------------------- orphaning

    /** skb_orphan_frags copies unless the frags are not zero-copy or marked DONT_ORPHAN. */
    boolean needsOrphan(ModelShinfo sh) {
        return sh.zerocopy && !sh.dontOrphan;
    }

    /** Pages a copy of the zero-copy frags takes: ceil(frag bytes / PAGE_SIZE). */
    int orphanPages(ModelShinfo sh) {
        return (sh.fragBytes() + Kernel.PAGE_SIZE - 1) / Kernel.PAGE_SIZE;
    }

    void checkOrphan(ModelSkb skb, String op) {
        if (needsOrphan(skb.shinfo) && skb.users.value() != 1) {
            throw Refusals.orphanShared(op, skb.handle, skb.users.value());
        }
    }

    void orphanFrags(long h) {
        ModelSkb skb = state.skb(h, "skb_orphan_frags");
        checkOrphan(skb, "skb_orphan_frags");
        if (needsOrphan(skb.shinfo)) {
            frags.requirePages(orphanPages(skb.shinfo), "skb_orphan_frags");
        }
        orphanIfNeeded(skb);
    }

    /**
     * skb_copy_ubufs once checked: frag bytes copied, packed, into new pages; the user pages' references
     * dropped; then the ubuf reference released reporting a copy. Zero-copy frags without DONT_ORPHAN
     * are never shared (I-ZC-3), so this shared info is private here.
     */
    void orphanIfNeeded(ModelSkb skb) {
        ModelShinfo sh = skb.shinfo;
        if (!needsOrphan(sh)) {
            return;
        }
        ensure(DatarefWord.all(sh.dataref) == 1, "I-ZC-3", "zero-copy frags shared before orphaning");
        byte[] all = new byte[sh.fragBytes()];
        int at = 0;
        for (ModelShinfo.Frag f : sh.frags) {
            System.arraycopy(f.page().bytes, f.offset(), all, at, f.size());
            at += f.size();
        }
        for (ModelShinfo.Frag f : sh.frags) {
            frags.skbPageUnref(f.page(), skb.ppRecycle);
        }
        sh.frags.clear();
        for (int off = 0; off < all.length; off += Kernel.PAGE_SIZE) {
            ModelPage p = frags.newPage();
            int n = Math.min(Kernel.PAGE_SIZE, all.length - off);
            System.arraycopy(all, off, p.bytes, 0, n);
            p.structRefs++;
            sh.frags.add(new ModelShinfo.Frag(p, 0, n));
        }
        zcopyClear(sh, false);
    }
}
