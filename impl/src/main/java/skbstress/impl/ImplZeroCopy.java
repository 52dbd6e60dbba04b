package skbstress.impl;

import java.util.List;
import skbstress.api.DatarefWord;
import skbstress.api.ErrorCode;
import skbstress.api.FreeFunction;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.SkbException;
import skbstress.api.Snapshot;
import skbstress.impl.slab.HandleWord;
import skbstress.impl.slab.ThreadCaches;

/**
 * Zero-copy driver buffers and ubufs. Their last references may be dropped on any thread; the free
 * function and the completion run for the one decrement that reaches zero.
 */
final class ImplZeroCopy {
    private final ImplState st;
    private ImplLifetime lifetime;
    private ImplFrags frags;

    ImplZeroCopy(ImplState st) {
        this.st = st;
    }

    void wire(ImplLifetime l, ImplFrags f) {
        this.lifetime = l;
        this.frags = f;
    }

    // ---------------------------------------------------------------- (a) driver buffers

    DriverBuffer driverBuffer(long h, String op, boolean dropping) {
        int i = st.liveIndex(h, HandleWord.DRIVER_BUFFER, st.driverBuffers, "driver buffer", op, dropping, "I-ZCDRV-1");
        return (DriverBuffer) st.driverBuffers.payload(i);
    }

    long createDriverBuffer(int size, FreeFunction fn) {
        if (size <= Kernel.ZC_HEADER_SIZE || size > Kernel.ZC_MAX_BUFFER) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-ZCDRV-2", String.format(
                    "init_zero_copy_buffer: size %d must exceed the %d-byte header and be <= %d", size,
                    Kernel.ZC_HEADER_SIZE, Kernel.ZC_MAX_BUFFER));
        }
        int i = st.driverBuffers.alloc(st.internal.local().magazine(st.driverBuffers.id));
        DriverBuffer b = (DriverBuffer) st.driverBuffers.payload(i);
        b.bytes = new byte[size];
        b.lines = new java.util.concurrent.atomic.AtomicLongArray((size / Kernel.SMP_CACHE_BYTES + 64) / 64);
        b.freeFunction = fn;
        b.handle = HandleWord.make(st.driverBuffers.generation(i), HandleWord.DRIVER_BUFFER, st.driverBuffers.id, i);
        b.setDriverRefRelease(1);
        b.setRefcountRelease(1); // release: publishes the buffer with its handle
        return b.handle;
    }

    private static void requireSlice(DriverBuffer b, int offset, int len, String op) {
        if (len <= 0 || offset < Kernel.ZC_HEADER_SIZE || (long) offset + len > b.bytes.length) {
            throw new SkbException(ErrorCode.ZC_SLICE_RANGE, "I-ZCDRV-2", String.format(
                    "%s: [%d, %d) is empty, over the %d-byte header, or past the %d-byte buffer %x", op, offset,
                    (long) offset + len, Kernel.ZC_HEADER_SIZE, b.bytes.length, b.handle));
        }
    }

    void writeDriverBuffer(long h, int offset, byte[] bytes) {
        DriverBuffer b = driverBuffer(h, "write driver buffer", false);
        requireSlice(b, offset, Math.max(1, bytes.length), "write driver buffer");
        System.arraycopy(bytes, 0, b.bytes, offset, bytes.length);
    }

    long makeZeroCopySkb(long h, int offset, int len) {
        DriverBuffer b = driverBuffer(h, "make_zero_copy_skb", false);
        if (!b.driverHoldsReference()) {
            throw new SkbException(ErrorCode.USE_AFTER_FREE, "I-ZCDRV-1", String.format(
                    "make_zero_copy_skb: the driver released its reference on buffer %x; it may not carve it", h));
        }
        requireSlice(b, offset, len, "make_zero_copy_skb");
        if (offset % Kernel.SMP_CACHE_BYTES != 0) {
            throw new SkbException(ErrorCode.ZC_SLICE_RANGE, "I-ZCDRV-2", String.format(
                    "make_zero_copy_skb: offset %d is not on a %d-byte line", offset, Kernel.SMP_CACHE_BYTES));
        }
        int first = offset / Kernel.SMP_CACHE_BYTES;
        int end = (offset + len + Kernel.SMP_CACHE_BYTES - 1) / Kernel.SMP_CACHE_BYTES;
        int held = b.claimLines(first, end);
        if (held >= 0) {
            throw new SkbException(ErrorCode.ZC_SLICE_RANGE, "I-ZCDRV-2", String.format(
                    "make_zero_copy_skb: [%d, %d) of buffer %x shares line %d with a live slice", offset,
                    offset + len, h, held));
        }
        ThreadCaches tc = st.visible.local();
        Shinfo[] out = new Shinfo[1];
        SkbDesc d;
        try {
            lifetime.requireRoom(tc, false, 0);
            d = lifetime.newSkbWithShinfo(tc, out);
        } catch (SkbException e) {
            b.releaseLines(first, end);
            throw e;
        }
        out[0].firstLine = first;
        out[0].endLine = end;
        Shinfo sh = out[0];
        sh.headKind = HeadKind.DRIVER_SLICE;
        sh.buf = b.bytes;
        sh.base = 0;
        sh.bufferSize = b.bytes.length;
        sh.driverBuffer = b;
        b.getAndAddRefcount(1); // the driver holds one, so this is never an increment from 0
        ImplLifetime.initData(d, sh, offset, len);
        d.tail = offset + len;
        d.len = len;
        return ImplLifetime.handleOf(d);
    }

    void releaseDriverBuffer(long h) {
        DriverBuffer b = driverBuffer(h, "release driver buffer", true);
        if (!b.compareAndClearDriverRef()) {
            throw new SkbException(ErrorCode.DOUBLE_FREE, "I-ZCDRV-1", String.format(
                    "release driver buffer: the driver already released its reference on %x (refcount %d)", h,
                    b.getRefcountAcquire()));
        }
        driverUnref(b);
    }

    /** One reference on the shared header dropped; the decrement that reaches 0 runs the free function. */
    void driverUnref(DriverBuffer b) {
        int old = b.getAndAddRefcount(-1); // release: our use of the bytes before the free function
        if (old == 1 || st.faultFreeFnPerSkb) {
            long h = b.handle;
            st.freeFunctionLog.add(h);
            if (b.freeFunction != null) {
                b.freeFunction.free(h);
            }
            if (old == 1) {
                b.bytes = null;
                st.driverBuffers.free(st.internal.local().magazine(st.driverBuffers.id), b.index);
            }
        }
    }

    // ---------------------------------------------------------------- (b) ubufs and sockets

    ZcSocket socket(long h, String op) {
        int i = st.liveIndex(h, HandleWord.SOCKET, st.sockets, "socket", op, false, "I-ZC-5");
        return (ZcSocket) st.sockets.payload(i);
    }

    Ubuf ubuf(long h, String op, boolean dropping) {
        int i = st.liveIndex(h, HandleWord.UBUF, st.ubufs, "ubuf", op, dropping, "I-ZC-2");
        return (Ubuf) st.ubufs.payload(i);
    }

    long createSocket() {
        int i = st.sockets.alloc(st.internal.local().magazine(st.sockets.id));
        ZcSocket s = (ZcSocket) st.sockets.payload(i);
        s.handle = HandleWord.make(st.sockets.generation(i), HandleWord.SOCKET, st.sockets.id, i);
        return s.handle;
    }

    long ubufAlloc(long socketHandle, boolean dontOrphan) {
        ZcSocket s = socket(socketHandle, "msg_zerocopy_alloc");
        int i = st.ubufs.alloc(st.internal.local().magazine(st.ubufs.id));
        Ubuf u = (Ubuf) st.ubufs.payload(i);
        long h = HandleWord.make(st.ubufs.generation(i), HandleWord.UBUF, st.ubufs.id, i);
        u.init(h, s, s.takeId(), dontOrphan);
        return h;
    }

    private static void requireCallerRef(Ubuf u, String op) {
        if (!u.callerHoldsReference()) {
            throw new SkbException(ErrorCode.USE_AFTER_FREE, "I-ZC-1", String.format(
                    "%s: the caller already dropped its reference on ubuf %x", op, u.handle));
        }
    }

    void ubufExtend(long h) {
        Ubuf u = ubuf(h, "msg_zerocopy_realloc", false);
        requireCallerRef(u, "msg_zerocopy_realloc");
        int len = u.getLenAcquire();
        long next = (u.id + len) & ZcSocket.U32;
        if (len >= 0xffff - 1 || !u.socket.compareAndAdvance(next)) {
            throw new SkbException(ErrorCode.UBUF_EXTEND, "I-ZC-5", String.format(
                    "msg_zerocopy_realloc: ubuf %x covers ids %d..%d; the socket's next id is %d%s", h, u.id, next - 1,
                    u.socket.getZckeyAcquire(), len >= 0xffff - 1 ? " and the ubuf is full" : ""));
        }
        u.setLenRelease(len + 1); // release: read by the completion, after the caller's own put
    }

    void ubufPut(long h) {
        Ubuf u = ubuf(h, "net_zcopy_put", true);
        if (!u.compareAndClearCallerRef()) {
            throw new SkbException(ErrorCode.DOUBLE_FREE, "I-ZC-1", String.format(
                    "net_zcopy_put: the caller already dropped its reference on ubuf %x", h));
        }
        ubufCallback(u, true);
    }

    /** msg_zerocopy_callback: success is and-ed in; the decrement that reaches 0 completes, once. */
    private void ubufCallback(Ubuf u, boolean success) {
        u.andZerocopy(success);
        int old = u.getAndAddRefcnt(-1); // release: our and-ed flag before the completion reads it
        if (old == 1 || st.faultCompletionPerRelease) {
            long lo = u.id;
            int len = u.getLenAcquire();
            boolean copied = !u.getZerocopyAcquire();
            long hi = (lo + len - 1) & ZcSocket.U32;
            st.completionLog.add(new Snapshot.Completion(u.handle, u.socket.handle, lo, hi, copied));
            u.socket.notify(lo, len, copied);
            if (old == 1) {
                st.ubufs.free(st.internal.local().magazine(st.ubufs.id), u.index);
            }
        }
    }

    void attach(long skbHandle, long ubufHandle, long pageHandle, int offset, int size) {
        SkbDesc d = lifetime.skb(skbHandle, "skb_zcopy_set", false);
        Ubuf u = ubuf(ubufHandle, "skb_zcopy_set", false);
        requireCallerRef(u, "skb_zcopy_set");
        frags.pageIndex(pageHandle, "skb_zcopy_set", false);
        frags.checkFrag(d, skbHandle, pageHandle, offset, size, "skb_zcopy_set");
        Shinfo sh = d.shinfo;
        if (sh.uarg != null && sh.uarg != u) {
            throw new SkbException(ErrorCode.UBUF_CONFLICT, "I-ZC-1", String.format(
                    "skb_zcopy_set: skb %x already points at ubuf %x; one shared info holds one ubuf", skbHandle,
                    sh.uarg.handle));
        }
        if (sh.uarg == null) {
            u.getAndAddRefcnt(1); // the caller holds one, so never from 0
            sh.uarg = u;
            sh.zerocopy = true;
            sh.dontOrphan = u.dontOrphan;
        }
        frags.appendFrag(d, pageHandle, offset, size);
    }

    List<Snapshot.Notification> readErrorQueue(long h) {
        return socket(h, "recvmsg(MSG_ERRQUEUE)").drain();
    }

    void zcopyClear(Shinfo sh, boolean success) {
        if (sh.zerocopy) {
            Ubuf u = sh.uarg;
            sh.uarg = null;
            sh.zerocopy = false;
            sh.dontOrphan = false;
            ubufCallback(u, success);
        }
    }

    void shareUbuf(Shinfo from, Shinfo to) {
        if (from.zerocopy) {
            from.uarg.getAndAddRefcnt(1);
            to.uarg = from.uarg;
            to.zerocopy = true;
            to.dontOrphan = from.dontOrphan;
        }
    }

    // ---------------------------------------------------------------- orphaning

    boolean needsOrphan(Shinfo sh) {
        return sh.zerocopy && !sh.dontOrphan;
    }

    int orphanPages(Shinfo sh) {
        return (sh.fragBytes() + Kernel.PAGE_SIZE - 1) / Kernel.PAGE_SIZE;
    }

    void checkOrphan(SkbDesc d, String op) {
        if (needsOrphan(d.shinfo)) {
            int users = d.getUsersAcquire();
            if (users != 1) {
                throw new SkbException(ErrorCode.ORPHAN_SHARED, "I-ZC-3", String.format(
                        "%s: skb %x has zero-copy frags and users %d; skb_copy_ubufs needs its sole owner", op,
                        ImplLifetime.handleOf(d), users));
            }
        }
    }

    void orphanFrags(long h) {
        SkbDesc d = lifetime.skb(h, "skb_orphan_frags", false);
        checkOrphan(d, "skb_orphan_frags");
        if (needsOrphan(d.shinfo)) {
            frags.requirePages(orphanPages(d.shinfo), "skb_orphan_frags");
        }
        orphanIfNeeded(d);
    }

    /** skb_copy_ubufs once checked: frag bytes packed into new pages, user pages dropped, then a "copied" release. */
    void orphanIfNeeded(SkbDesc d) {
        Shinfo sh = d.shinfo;
        if (!needsOrphan(sh)) {
            return;
        }
        if (DatarefWord.all(sh.getDatarefAcquire()) != 1) {
            throw new IllegalStateException("I-ZC-3 broken: zero-copy frags shared before orphaning");
        }
        byte[] all = new byte[sh.fragBytes()];
        int at = 0;
        for (int i = 0; i < sh.nrFrags; i++) {
            int p = HandleWord.index(sh.fragPage[i]);
            System.arraycopy(frags.pageBytes(p), frags.pageBase(p) + sh.fragOff[i], all, at, sh.fragSize[i]);
            at += sh.fragSize[i];
        }
        for (int i = 0; i < sh.nrFrags; i++) {
            frags.structUnref(sh.fragPage[i]);
        }
        int n = 0;
        for (int off = 0; off < all.length; off += Kernel.PAGE_SIZE) {
            int p = frags.newPage();
            int len = Math.min(Kernel.PAGE_SIZE, all.length - off);
            System.arraycopy(all, off, frags.pageBytes(p), frags.pageBase(p), len);
            frags.meta(p).getAndAddStructRefs(1);
            sh.fragPage[n] = HandleWord.make(st.pages.generation(p), HandleWord.PAGE, st.pages.id, p);
            sh.fragOff[n] = 0;
            sh.fragSize[n] = len;
            n++;
        }
        sh.nrFrags = n;
        zcopyClear(sh, false);
    }
}
