package skbstress.impl;

import java.util.List;
import skbstress.api.DatarefWord;
import skbstress.api.FreeFunction;
import skbstress.api.Kernel;
import skbstress.api.LeakReport;
import skbstress.api.Refusals;
import skbstress.api.Snapshot;
import skbstress.impl.slab.HandleWord;
import skbstress.impl.slab.SlabCache;

/**
 * Zero-copy driver buffers and ubufs. Their last references may be dropped on any thread; the free
 * function and the completion run for the one decrement that reaches zero, and the object goes back
 * to its cache once nobody is inside an operation on it.
 */
final class ImplZeroCopy {
    private final ImplState st;
    private final ImplHandles handles;
    private ImplConstructors constructors;
    private ImplPages pages;
    private ImplFrags frags;

    ImplZeroCopy(ImplState st, ImplHandles handles) {
        this.st = st;
        this.handles = handles;
        st.driverBuffers.onRelease(i -> {
            if (st.tracking) {
                st.ended(st.driverBuffers, i);
            }
            DriverBuffer b = (DriverBuffer) st.driverBuffers.payload(i);
            b.bytes = null;
            b.lines = null;
            b.freeFunction = null;
        });
        if (st.tracking) {
            st.ubufs.onRelease(i -> st.ended(st.ubufs, i));
        }
    }

    void wire(ImplConstructors c, ImplPages p, ImplFrags f) {
        this.constructors = c;
        this.pages = p;
        this.frags = f;
    }

    // ---------------------------------------------------------------- (a) driver buffers

    private int pinBuffer(long h, String op, boolean dropping) {
        return st.pin(h, HandleWord.DRIVER_BUFFER, st.driverBuffers, "a driver buffer", op, dropping,
                Refusals::driverBufferFreed);
    }

    private DriverBuffer buffer(int i) {
        return (DriverBuffer) st.driverBuffers.payload(i);
    }

    long createDriverBuffer(int size, FreeFunction fn) {
        if (size <= Kernel.ZC_HEADER_SIZE || size > Kernel.ZC_MAX_BUFFER) {
            throw Refusals.driverBufferSize(size);
        }
        int i = st.driverBuffers.alloc(st.local(st.driverBuffers));
        DriverBuffer b = buffer(i);
        b.bytes = new byte[size];
        b.lines = new java.util.concurrent.atomic.AtomicLongArray((size / Kernel.SMP_CACHE_BYTES + 64) / 64);
        b.freeFunction = fn;
        b.handle = HandleWord.make(st.driverBuffers.generation(i), HandleWord.DRIVER_BUFFER, st.driverBuffers.id, i);
        if (st.tracking) {
            b.track = st.tracker.start(LeakReport.Kind.DRIVER_BUFFER, b.handle);
        }
        b.start(); // release: publishes the buffer with its handle
        return b.handle;
    }

    private static void requireSlice(DriverBuffer b, int offset, int len, String op) {
        if (len <= 0 || offset < Kernel.ZC_HEADER_SIZE || (long) offset + len > b.bytes.length) {
            throw Refusals.sliceRange(op, offset, (long) offset + len, b.bytes.length, b.handle);
        }
    }

    void writeDriverBuffer(long h, int offset, byte[] bytes) {
        int i = pinBuffer(h, "write driver buffer", false);
        try {
            DriverBuffer b = buffer(i);
            if (bytes == null) {
                throw Refusals.nullBytes("write driver buffer");
            }
            requireSlice(b, offset, Math.max(1, bytes.length), "write driver buffer");
            System.arraycopy(bytes, 0, b.bytes, offset, bytes.length);
        } finally {
            st.unpin(st.driverBuffers, i);
        }
    }

    long makeZeroCopySkb(long h, int offset, int len) {
        int i = pinBuffer(h, "make_zero_copy_skb", false);
        try {
            DriverBuffer b = buffer(i);
            if (!b.driverHoldsReference()) {
                throw Refusals.driverReleasedCarve(h);
            }
            requireSlice(b, offset, len, "make_zero_copy_skb");
            if (offset % Kernel.SMP_CACHE_BYTES != 0) {
                throw Refusals.sliceUnaligned(offset);
            }
            int first = offset / Kernel.SMP_CACHE_BYTES;
            int end = (offset + len + Kernel.SMP_CACHE_BYTES - 1) / Kernel.SMP_CACHE_BYTES;
            int held = b.claimLines(first, end);
            if (held >= 0) {
                throw Refusals.sliceOverlap(offset, (long) offset + len, h, held);
            }
            SkbDesc d;
            try {
                constructors.requireRoom(false, ImplConstructors.NO_HEAD);
                d = constructors.newSkbWithShinfo();
            } catch (RuntimeException e) {
                b.releaseLines(first, end);
                throw e;
            }
            if (!b.carve()) { // the driver released it meanwhile
                b.releaseLines(first, end);
                constructors.undoSkbWithShinfo(d);
                throw Refusals.driverReleasedCarve(h);
            }
            return ImplHandles.handleOf(constructors.newDriverSliceSkb(d, b, offset, len, first, end));
        } finally {
            st.unpin(st.driverBuffers, i);
        }
    }

    void releaseDriverBuffer(long h) {
        int i = pinBuffer(h, "release driver buffer", true);
        DriverBuffer b = buffer(i);
        int left = b.releaseDriver();
        if (left < 0) {
            st.unpin(st.driverBuffers, i);
            throw Refusals.driverDoubleRelease(h, b.refcount());
        }
        if (left != 0) {
            st.unpin(st.driverBuffers, i);
            return;
        }
        freed(b);
        if (st.driverBuffers.claim(i, HandleWord.generation(h), true) == SlabCache.RELEASE_NOW) {
            st.driverBuffers.release(st.local(st.driverBuffers), i);
        }
    }

    /** One reference on the shared header dropped by a shared info; the last one frees the buffer. */
    void driverUnref(DriverBuffer b) {
        if (b.unref() == 0) {
            freed(b);
            // release: the claim's volatile CAS ends the life after the last unref ordered every holder
            st.driverBuffers.claimAndRelease(st.local(st.driverBuffers), b.index);
        }
    }

    /** The buffer's last reference went: its free function is due, once (I-ZCDRV-1). */
    private void freed(DriverBuffer b) {
        st.freeFunctionLog.add(b.handle);
        if (b.freeFunction != null) {
            st.callbacks.makeDue(b.freeFunction, b.handle);
        }
    }

    // ---------------------------------------------------------------- (b) ubufs and sockets

    private int pinUbuf(long h, String op, boolean dropping) {
        return st.pin(h, HandleWord.UBUF, st.ubufs, "a ubuf", op, dropping, Refusals::ubufCompleted);
    }

    private Ubuf ubufAt(int i) {
        return (Ubuf) st.ubufs.payload(i);
    }


    long createSocket() {
        int i = st.sockets.alloc(st.local(st.sockets));
        ZcSocket s = (ZcSocket) st.sockets.payload(i);
        s.handle = HandleWord.make(st.sockets.generation(i), HandleWord.SOCKET, st.sockets.id, i);
        return s.handle;
    }

    long ubufAlloc(long socketHandle, boolean dontOrphan) {
        ZcSocket s = st.socket(socketHandle, "msg_zerocopy_alloc");
        int i = st.ubufs.alloc(st.local(st.ubufs));
        Ubuf u = ubufAt(i);
        long h = HandleWord.make(st.ubufs.generation(i), HandleWord.UBUF, st.ubufs.id, i);
        if (st.tracking) {
            u.track = st.tracker.start(LeakReport.Kind.UBUF, h); // published with the handle, as init's fields
        }
        u.init(h, s, s.takeId(), dontOrphan);
        return h;
    }

    void ubufExtend(long h) {
        int i = pinUbuf(h, "msg_zerocopy_realloc", false);
        Ubuf u = ubufAt(i);
        // the caller's reference checked and a reference taken for the extension in one CAS: a put of the caller's
        // reference racing the extension cannot complete the ubuf before its new length is stored
        if (!u.attach()) {
            st.unpin(st.ubufs, i);
            throw Refusals.ubufCallerDropped("msg_zerocopy_realloc", h);
        }
        try {
            int len = u.getLenAcquire(); // acquire: pairs with setLenRelease; the zckey CAS below checks it
            long next = (u.id + len) & ZcSocket.U32;
            if (len >= 0xffff - 1 || !u.socket.compareAndAdvance(next)) {
                // acquire: after the failed CAS in program order, so coherence gives a newer key (message only)
                throw Refusals.ubufExtend(h, u.id, next - 1, u.socket.getZckeyAcquire(), len >= 0xffff - 1);
            }
            u.setLenRelease(len + 1); // release: read by the completion, after the last reference's RMW
            if (st.tracking) {
                st.tracker.event(u.track, TrackEvent.EXTEND, LeakReport.Kind.UBUF, h);
            }
        } finally {
            // acquire and release: the drop orders the new length before the last reference's completion
            afterDrop(u, i, h, u.unref());
        }
    }

    void ubufPut(long h) {
        int i = pinUbuf(h, "net_zcopy_put", true);
        Ubuf u = ubufAt(i);
        int left = u.putCaller();
        if (left < 0) {
            st.unpin(st.ubufs, i);
            throw Refusals.ubufDoublePut(h);
        }
        if (st.tracking) {
            st.tracker.event(u.track, TrackEvent.PUT, LeakReport.Kind.UBUF, h);
        }
        afterDrop(u, i, h, left);
    }

    /**
     * After a reference of the ubuf pinned at {@code i} was dropped through handle {@code h}, {@code left} remaining:
     * the last one completes the ubuf and ends its life (the caller's put, or an extension the put came during);
     * otherwise only the pin goes.
     */
    private void afterDrop(Ubuf u, int i, long h, int left) {
        if (left != 0) {
            st.unpin(st.ubufs, i);
            return;
        }
        complete(u);
        if (st.ubufs.claim(i, HandleWord.generation(h), true) == SlabCache.RELEASE_NOW) {
            st.ubufs.release(st.local(st.ubufs), i);
        }
    }

    /** msg_zerocopy_callback of a shared info's reference: success is and-ed in; the last one completes. */
    private void ubufCallback(Ubuf u, boolean success) {
        u.andZerocopy(success);
        if (u.unref() == 0) {
            complete(u);
            // release: the claim's volatile CAS ends the life after the last unref ordered every holder
            st.ubufs.claimAndRelease(st.local(st.ubufs), u.index);
        }
    }

    /** The completion, once: the notification is queued (merged into the tail when the ids continue it). */
    private void complete(Ubuf u) {
        if (st.tracking) {
            st.tracker.event(u.track, TrackEvent.COMPLETE, LeakReport.Kind.UBUF, u.handle);
        }
        long lo = u.id;
        int len = u.getLenAcquire(); // acquire: the last RMW of WORD ordered every extender's store
        boolean copied = !u.getZerocopyAcquire(); // acquire: the last RMW of WORD ordered every and-ing before
        long hi = (lo + len - 1) & ZcSocket.U32;
        st.completionLog.add(new Snapshot.Completion(u.handle, u.socket.handle, lo, hi, copied));
        u.socket.notify(lo, len, copied);
    }

    void attach(long skbHandle, long ubufHandle, long pageHandle, int offset, int size) {
        String op = "skb_zcopy_set";
        SkbDesc d = handles.pinWriter(skbHandle, op);
        try {
            int ui = pinUbuf(ubufHandle, op, false);
            try {
                Ubuf u = ubufAt(ui);
                if (!u.callerHoldsReference()) {
                    throw Refusals.ubufCallerDropped(op, ubufHandle);
                }
                int pi = pages.pinPage(pageHandle, op, false);
                try {
                    frags.checkFrag(d, skbHandle, pageHandle, offset, size, op);
                    Shinfo sh = d.shinfo;
                    if (sh.uarg != null && sh.uarg != u) {
                        throw Refusals.ubufConflict(skbHandle, sh.uarg.handle);
                    }
                    boolean took = false;
                    if (sh.uarg == null) {
                        if (!u.attach()) { // the caller dropped it meanwhile
                            throw Refusals.ubufCallerDropped(op, ubufHandle);
                        }
                        took = true;
                    }
                    try {
                        frags.appendFrag(d, pageHandle, offset, size, op);
                    } catch (RuntimeException e) {
                        if (took) {
                            ubufCallback(u, true);
                        }
                        throw e;
                    }
                    if (took) {
                        sh.uarg = u;
                        sh.zerocopy = true;
                        sh.dontOrphan = u.dontOrphan;
                    }
                    if (st.tracking) {
                        st.tracker.event(d.track, TrackEvent.ZEROCOPY_ATTACH, LeakReport.Kind.SKB, skbHandle);
                        st.tracker.event(u.track, TrackEvent.ZEROCOPY_ATTACH, LeakReport.Kind.UBUF, ubufHandle);
                        pages.tracked(pi, TrackEvent.FRAG_REF, pageHandle);
                    }
                } finally {
                    pages.unpinPage(pi);
                }
            } finally {
                st.unpin(st.ubufs, ui);
            }
        } finally {
            handles.unpinWriter(d);
        }
    }

    List<Snapshot.Notification> readErrorQueue(long h) {
        return st.socket(h, "recvmsg(MSG_ERRQUEUE)").drain();
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
            from.uarg.share();
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
            int users = ImplHandles.users(d);
            if (users != 1) {
                throw Refusals.orphanShared(op, ImplHandles.handleOf(d), users);
            }
        }
    }

    void orphanFrags(long h) {
        SkbDesc d = handles.pinWriter(h, "skb_orphan_frags");
        try {
            checkOrphan(d, "skb_orphan_frags");
            if (needsOrphan(d.shinfo)) {
                pages.requirePages(orphanPages(d.shinfo), "skb_orphan_frags");
            }
            if (st.tracking && needsOrphan(d.shinfo)) {
                st.tracker.event(d.track, TrackEvent.ORPHAN, LeakReport.Kind.SKB, h);
            }
            orphanIfNeeded(d);
        } finally {
            handles.unpinWriter(d);
        }
    }

    /**
     * skb_copy_ubufs once checked (the caller holds the skb's writer pin): new pages first, all or none
     * (a racing thread may have taken the last ones), then the frag bytes packed into them, the user
     * pages' references dropped, and a "copied" release of the ubuf.
     */
    void orphanIfNeeded(SkbDesc d) {
        Shinfo sh = d.shinfo;
        if (!needsOrphan(sh)) {
            return;
        }
        if (DatarefWord.all(sh.getDatarefAcquire()) != 1) { // acquire: pairs with the clones' release decrements
            throw new IllegalStateException("I-ZC-3 broken: zero-copy frags shared before orphaning");
        }
        byte[] all = new byte[sh.fragBytes()];
        int[] fresh = new int[orphanPages(sh)];
        int taken = 0;
        try {
            for (; taken < fresh.length; taken++) {
                fresh[taken] = pages.newPage();
            }
        } catch (RuntimeException e) {
            for (int k = 0; k < taken; k++) {
                pages.dropNewPage(fresh[k]);
            }
            throw e;
        }
        int at = 0;
        for (int i = 0; i < sh.nrFrags; i++) {
            int p = HandleWord.index(sh.fragPage[i]);
            System.arraycopy(pages.pageBytes(p), pages.pageBase(p) + sh.fragOff[i], all, at, sh.fragSize[i]);
            at += sh.fragSize[i];
        }
        for (int i = 0; i < sh.nrFrags; i++) {
            pages.skbPageUnref(sh.fragPage[i], d.ppRecycle);
        }
        for (int n = 0; n < fresh.length; n++) {
            int p = fresh[n];
            int len = Math.min(Kernel.PAGE_SIZE, all.length - n * Kernel.PAGE_SIZE);
            System.arraycopy(all, n * Kernel.PAGE_SIZE, pages.pageBytes(p), pages.pageBase(p), len);
            pages.meta(p).takeCallerReference(); // the new page's one reference becomes the frag's
            sh.fragPage[n] = ImplConstructors.pageHandle(st.pages, p);
            sh.fragOff[n] = 0;
            sh.fragSize[n] = len;
        }
        sh.nrFrags = fresh.length;
        zcopyClear(sh, false);
    }
}
