package skbstress.impl;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import skbstress.api.Bytes;
import skbstress.api.DatarefWord;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.Refusals;
import skbstress.impl.slab.HandleWord;
import skbstress.impl.slab.SlabCache;

/**
 * Pages, frags, frag_list, and the operations that make a second shared info. A page's counters are one
 * atomic word ({@link PageMeta}); its references are taken and dropped by whichever thread releases a
 * shared info, and a caller's operations through a page handle pin the page, so none lands on a later
 * life of it.
 */
final class ImplFrags {
    private final ImplState st;
    private final ImplHandles handles;
    private final AtomicInteger livePages = new AtomicInteger();
    private ImplConstructors constructors;
    private ImplRelease release;
    private ImplZeroCopy zeroCopy;

    ImplFrags(ImplState st, ImplHandles handles) {
        this.st = st;
        this.handles = handles;
        st.pages.onRelease(i -> livePages.decrementAndGet());
    }

    void wire(ImplConstructors c, ImplRelease r, ImplZeroCopy zc) {
        this.constructors = c;
        this.release = r;
        this.zeroCopy = zc;
    }

    // ---------------------------------------------------------------- pages

    /** Pins the page a handle names for this operation, or refuses the handle; unpin with {@link #unpinPage}. */
    int pinPage(long h, String op, boolean dropping) {
        return st.pin(h, HandleWord.PAGE, st.pages, "a page", op, dropping, Refusals::pageFreed);
    }

    void unpinPage(int index) {
        st.unpin(st.pages, index);
    }

    PageMeta meta(int index) {
        return (PageMeta) st.pages.payload(index);
    }

    byte[] pageBytes(int index) {
        return st.pages.bytesOf(index);
    }

    int pageBase(int index) {
        return st.pages.byteOffset(index);
    }

    /** The page count the cap is checked against; at quiescence it equals the page cache's live objects. */
    int livePagesCounted() {
        return livePages.get(); // volatile: read by a quiescence check
    }

    void requirePages(int n, String op) {
        int cap = st.config.pageCapacity();
        if (cap != 0 && (long) livePages.get() + n > cap) {
            throw Refusals.pagesExhausted(op, n, livePages.get(), cap);
        }
    }

    long allocPage() {
        requirePages(1, "alloc_page");
        return ImplConstructors.pageHandle(st.pages, newPage());
    }

    /** A zeroed page with one reference. */
    int newPage() {
        int i = st.pages.alloc(st.local(st.pages));
        if (i < 0) {
            throw Refusals.pagesExhausted("alloc_page", 1, livePages.get(), st.config.pageCapacity());
        }
        Arrays.fill(pageBytes(i), pageBase(i), pageBase(i) + Kernel.PAGE_SIZE, (byte) 0);
        meta(i).start(); // release: the zeroed bytes are published with the page
        livePages.incrementAndGet();
        return i;
    }

    void getPage(long h) {
        int i = pinPage(h, "get_page", false);
        try {
            int r = meta(i).getCaller();
            if (r == 0) {
                throw Refusals.pageFreed("get_page", h, false);
            }
            if (r == Integer.MAX_VALUE) {
                throw Refusals.pageRefcountMax(h);
            }
        } finally {
            unpinPage(i);
        }
    }

    void putPage(long h) {
        int i = pinPage(h, "put_page", true);
        long w;
        try {
            w = meta(i).putCaller();
        } catch (RuntimeException e) {
            unpinPage(i);
            throw e;
        }
        int r = (int) (w >>> 32);
        if (r == 0 || r <= (int) w) {
            unpinPage(i);
            throw r == 0 ? Refusals.pageFreed("put_page", h, true) : Refusals.noCallerPageReference("put_page", h, r);
        }
        if (r != 1) {
            unpinPage(i);
        } else if (st.pages.claim(i, HandleWord.generation(h), true) == SlabCache.RELEASE_NOW) {
            st.pages.release(st.local(st.pages), i); // our pin ended with the claim
        }
    }

    /** Gives back a page made for this call that no structure took (its one reference is dropped). */
    void dropNewPage(int index) {
        meta(index).putCaller();
        st.pages.claimAndRelease(st.local(st.pages), index);
    }

    /** A structure (frag or page-fragment head) drops the reference it owns; the last frees the page. */
    void structUnref(long pageHandle) {
        int i = HandleWord.index(pageHandle);
        if (meta(i).structUnref()) {
            st.pages.claimAndRelease(st.local(st.pages), i);
        }
    }

    /** A new shared info copies a descriptor: one more reference, owned by it. */
    void structRef(long pageHandle) {
        meta(HandleWord.index(pageHandle)).structRef();
    }

    void writePage(long h, int offset, byte[] bytes) {
        int i = pinPage(h, "write page", false);
        try {
            if (bytes == null) {
                throw Refusals.nullBytes("write page");
            }
            long end = (long) offset + bytes.length;
            if (offset < 0 || end > Kernel.PAGE_SIZE) {
                throw Refusals.pageRange("write page", offset, end);
            }
            System.arraycopy(bytes, 0, pageBytes(i), pageBase(i) + offset, bytes.length);
        } finally {
            unpinPage(i);
        }
    }

    // ---------------------------------------------------------------- frags and frag_list

    /** The checks of skb_add_rx_frag (and of a zero-copy frag), on a writer-pinned skb and a pinned page. */
    void checkFrag(SkbDesc d, long h, long page, int offset, int size, String op) {
        long end = (long) offset + size;
        if (size <= 0 || offset < 0 || end > Kernel.PAGE_SIZE) {
            throw Refusals.fragRange(op, offset, end);
        }
        if (d.shinfo.nrFrags >= Kernel.MAX_SKB_FRAGS) {
            throw Refusals.tooManyFrags(op, h, d.shinfo.nrFrags);
        }
        requireExclusiveShinfo(d, h, op);
        requireNotListMember(d, h, op);
        requireLength(d, h, op, size, size);
        PageMeta m = meta(HandleWord.index(page));
        if (!m.callerHoldsReference()) {
            throw Refusals.noCallerPageReference(op, page, m.refcount());
        }
    }

    static void requireLength(SkbDesc d, long h, String op, int len, int truesize) {
        ZcSocket sk = d.getSkAcquire(); // under the writer pin: the owner cannot change meanwhile
        if (truesize != 0 && sk != null) {
            throw Refusals.truesizeCharged(op, h, sk.handle, truesize);
        }
        long newLen = (long) d.len + len;
        if (newLen > Kernel.MAX_SKB_LEN) {
            throw Refusals.tooLong(op, h, "len", newLen, Kernel.MAX_SKB_LEN);
        }
        long newTruesize = (long) d.truesize + truesize;
        if (newTruesize > Integer.MAX_VALUE) {
            throw Refusals.tooLong(op, h, "truesize", newTruesize, Integer.MAX_VALUE);
        }
    }

    static void requireExclusiveShinfo(SkbDesc d, long h, String op) {
        int word = d.shinfo.getDatarefAcquire();
        if (DatarefWord.cloned(d.cloned, word)) {
            throw Refusals.sharedInfoShared(op, h, word);
        }
    }

    static void requireNotListMember(SkbDesc d, long h, String op) {
        if (d.getListRefsAcquire() != 0) {
            throw Refusals.listMember(op, h);
        }
    }

    void addFrag(long h, long page, int offset, int size) {
        SkbDesc d = handles.pinWriter(h, "skb_add_rx_frag");
        try {
            int p = pinPage(page, "skb_add_rx_frag", false);
            try {
                checkFrag(d, h, page, offset, size, "skb_add_rx_frag");
                appendFrag(d, page, offset, size, "skb_add_rx_frag");
            } finally {
                unpinPage(p);
            }
        } finally {
            handles.unpinWriter(d);
        }
    }

    /** The frag takes over the caller's page reference (refused when another thread dropped it meanwhile). */
    void appendFrag(SkbDesc d, long page, int offset, int size, String op) {
        PageMeta m = meta(HandleWord.index(page));
        if (!m.takeCallerReference()) {
            throw Refusals.noCallerPageReference(op, page, m.refcount());
        }
        Shinfo sh = d.shinfo;
        int n = sh.nrFrags;
        sh.fragPage[n] = page;
        sh.fragOff[n] = offset;
        sh.fragSize[n] = size;
        sh.nrFrags = n + 1;
        d.len += size;
        d.dataLen += size;
        d.truesize += size;
    }

    void addFragList(long h, long memberHandle) {
        SkbDesc d = handles.pinWriter(h, "frag_list add");
        try {
            if (memberHandle == h) { // one struct cannot be pinned twice by one call: the cycle is plain
                throw Refusals.fragListCycle(h, memberHandle);
            }
            SkbDesc m = handles.pinReader(memberHandle, "frag_list add");
            try {
                if (reaches(m, d)) {
                    throw Refusals.fragListCycle(h, memberHandle);
                }
                requireExclusiveShinfo(d, h, "frag_list add");
                requireNotListMember(d, h, "frag_list add");
                if (m.getListRefsAcquire() != 0) {
                    throw Refusals.alreadyListed(memberHandle);
                }
                int depth = Math.max(d.shinfo.listDepth, m.shinfo.listDepth + 1);
                if (depth > Kernel.MAX_FRAG_LIST_DEPTH) {
                    throw Refusals.fragListTooDeep(h, memberHandle, depth);
                }
                requireLength(d, h, "frag_list add", m.len, m.truesize);
                if (!m.compareAndSetListRefs(0, 1)) { // another list took it since the check above
                    throw Refusals.alreadyListed(memberHandle);
                }
                // a racing last drop of the member either sees our list reference (and is refused) or has
                // made its claim final first (and we give the reference back)
                if (!handles.liveForList(m, HandleWord.generation(memberHandle))) {
                    m.addListRefs(-1);
                    throw Refusals.skbReleased("frag_list add", memberHandle, false);
                }
                d.shinfo.addFragListMember(m);
                d.shinfo.listDepth = depth;
                d.len += m.len;
                d.dataLen += m.len;
                d.truesize += m.truesize;
            } finally {
                handles.unpinReader(m);
            }
        } finally {
            handles.unpinWriter(d);
        }
    }

    /** Whether {@code target} is {@code from} or lies in its frag_list tree (each shared member visited once). */
    private static boolean reaches(SkbDesc from, SkbDesc target) {
        Set<SkbDesc> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<SkbDesc> todo = new ArrayDeque<>();
        todo.push(from);
        while (!todo.isEmpty()) {
            SkbDesc s = todo.pop();
            if (s == target) {
                return true;
            }
            if (seen.add(s)) {
                Shinfo sh = s.shinfo;
                for (int i = 0; i < sh.fragListCount; i++) {
                    todo.push(sh.fragList[i]);
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- copies

    long pskbCopy(long h) {
        SkbDesc d = handles.pinReader(h, "pskb_copy");
        if (d.shinfo.nrFrags != 0 && zeroCopy.needsOrphan(d.shinfo)) { // orphaning edits the shared info
            handles.unpinReader(d);
            d = handles.pinWriter(h, "pskb_copy");
            try {
                return checkedPskbCopy(d);
            } finally {
                handles.unpinWriter(d);
            }
        }
        try {
            return checkedPskbCopy(d);
        } finally {
            handles.unpinReader(d);
        }
    }

    private long checkedPskbCopy(SkbDesc d) {
        int size = d.headlen() + d.headroom();
        ImplConstructors.requireSize(size, "pskb_copy");
        constructors.requireRoom(false, size);
        if (d.shinfo.nrFrags != 0) {
            zeroCopy.checkOrphan(d, "pskb_copy");
            if (zeroCopy.needsOrphan(d.shinfo)) {
                requirePages(zeroCopy.orphanPages(d.shinfo), "pskb_copy");
            }
        }
        return ImplHandles.handleOf(doPskbCopy(d));
    }

    private SkbDesc doPskbCopy(SkbDesc d) {
        int headroom = d.headroom();
        SkbDesc n = constructors.allocKmallocSkb(d.headlen() + headroom, false);
        n.data += headroom;
        n.tail = n.data + d.headlen();
        Shinfo from = d.shinfo;
        Shinfo to = n.shinfo;
        System.arraycopy(from.buf, from.base + d.data, to.buf, to.base + n.data, d.headlen());
        n.len = d.len;
        n.dataLen = d.dataLen;
        n.truesize += d.dataLen;
        ImplExtensions.share(d, n); // __copy_skb_header
        if (from.nrFrags != 0) {
            zeroCopy.orphanIfNeeded(d);
            zeroCopy.shareUbuf(d.shinfo, to);
            shareFrags(d.shinfo, to);
        }
        shareFragList(d.shinfo, to);
        return n;
    }

    private void shareFrags(Shinfo from, Shinfo to) {
        for (int i = 0; i < from.nrFrags; i++) {
            structRef(from.fragPage[i]);
            to.fragPage[i] = from.fragPage[i];
            to.fragOff[i] = from.fragOff[i];
            to.fragSize[i] = from.fragSize[i];
        }
        to.nrFrags = from.nrFrags;
    }

    private void shareFragList(Shinfo from, Shinfo to) {
        for (int i = 0; i < from.fragListCount; i++) {
            SkbDesc m = from.fragList[i];
            handles.get(ImplHandles.handleOf(m), 1, "skb_clone_fraglist");
            m.addListRefs(1);
            to.addFragListMember(m);
        }
        to.listDepth = from.listDepth;
    }

    long copy(long h) {
        SkbDesc d = handles.pinReader(h, "skb_copy");
        try {
            checkCopy(d, "skb_copy");
            return ImplHandles.handleOf(doCopy(d));
        } finally {
            handles.unpinReader(d);
        }
    }

    void checkCopy(SkbDesc d, String op) {
        long size = (long) (d.end - d.head) + d.dataLen;
        ImplConstructors.requireSize(size, op);
        constructors.requireRoom(false, (int) size);
    }

    SkbDesc doCopy(SkbDesc d) {
        int headroom = d.headroom();
        SkbDesc n = constructors.allocKmallocSkb((d.end - d.head) + d.dataLen, false);
        Shinfo from = d.shinfo;
        Shinfo to = n.shinfo;
        System.arraycopy(from.buf, from.base + d.head, to.buf, to.base, headroom);
        byte[] all = allBytes(d);
        System.arraycopy(all, 0, to.buf, to.base + headroom, all.length);
        n.data = headroom;
        n.tail = headroom + d.len;
        n.len = d.len;
        ImplExtensions.share(d, n); // skb_copy_header
        return n;
    }

    // ---------------------------------------------------------------- expand and cow

    void expandHead(long h, int nhead, int ntail) {
        SkbDesc d = handles.pinWriter(h, "pskb_expand_head");
        try {
            checkExpand(d, h, nhead, ntail, "pskb_expand_head");
            doExpand(d, nhead, ntail);
        } finally {
            handles.unpinWriter(d);
        }
    }

    private void checkExpand(SkbDesc d, long h, long nhead, long ntail, String op) {
        if (nhead < 0 || ntail < 0) {
            throw Refusals.expandNegative(op, (int) nhead, (int) ntail);
        }
        int users = ImplHandles.users(d);
        if (users != 1) {
            throw Refusals.sharedExpand(op, h, users);
        }
        long size = nhead + (d.end - d.head) + ntail;
        if (size > Kernel.skbWithOverhead(Kernel.KMALLOC_MAX_SIZE)) {
            throw Refusals.newHeadTooLarge(op, size);
        }
        SlabCache heads = st.headsFor((int) size);
        if (!heads.canAlloc(st.local(heads))) {
            throw Refusals.exhausted(heads.name, heads.capacity, "");
        }
        if (DatarefWord.cloned(d.cloned, d.shinfo.getDatarefAcquire()) && zeroCopy.needsOrphan(d.shinfo)) {
            requirePages(zeroCopy.orphanPages(d.shinfo), op);
        }
    }

    /** pskb_expand_head once checked: duplicate-then-release for cloned data, move otherwise. */
    private void doExpand(SkbDesc d, int nhead, int ntail) {
        Shinfo old = d.shinfo;
        int osize = d.end - d.head;
        int request = nhead + osize + ntail;
        int size = st.profile.end(request);
        boolean wasCloned = DatarefWord.cloned(d.cloned, old.getDatarefAcquire());
        if (wasCloned) {
            zeroCopy.orphanIfNeeded(d);
        }
        SlabCache heads = st.headsFor(request);
        int hi = heads.allocUntracked(st.local(heads));
        if (hi < 0) {
            throw Refusals.exhausted(heads.name, heads.capacity, "");
        }
        Shinfo sh = Shinfo.ofKmalloc(heads, hi);
        System.arraycopy(old.buf, old.base + d.head, sh.buf, sh.base + nhead, d.tail - d.head);
        if (wasCloned) {
            zeroCopy.shareUbuf(old, sh);
            shareFrags(old, sh);
            shareFragList(old, sh);
            release.releaseData(d, true);
        } else {
            for (int i = 0; i < old.nrFrags; i++) {
                sh.fragPage[i] = old.fragPage[i];
                sh.fragOff[i] = old.fragOff[i];
                sh.fragSize[i] = old.fragSize[i];
            }
            sh.nrFrags = old.nrFrags;
            for (int i = 0; i < old.fragListCount; i++) {
                sh.addFragListMember(old.fragList[i]);
                old.fragList[i] = null;
            }
            sh.listDepth = old.listDepth;
            sh.uarg = old.uarg;
            sh.zerocopy = old.zerocopy;
            sh.dontOrphan = old.dontOrphan;
            old.nrFrags = 0;
            old.fragListCount = 0;
            old.uarg = null;
            old.zerocopy = false;
            release.freeHead(old);
        }
        int off = nhead - d.head;
        d.shinfo = sh;
        d.data += off;
        d.tail += off;
        d.head = 0;
        d.end = size;
        d.hdrLen = 0;
        d.nohdr = false;
        d.cloned = false;
        d.headFrag = false;
        if (d.getSkAcquire() == null) { // a socket's charge stays what its destructor uncharges (I-SOCK-2)
            d.truesize += size - osize;
        }
    }

    void cow(long h, int headroom, boolean headerOnly) {
        String op = headerOnly ? "skb_cow_head" : "skb_cow";
        SkbDesc d = handles.pinWriter(h, op);
        try {
            if (headroom < 0) {
                throw Refusals.negative(op, "headroom", headroom, "I-DATA-6");
            }
            int delta = Math.max(0, headroom - d.headroom());
            int word = d.shinfo.getDatarefAcquire();
            boolean shared = headerOnly ? DatarefWord.headerCloned(d.cloned, word) : DatarefWord.cloned(d.cloned, word);
            if (delta > 0 || shared) {
                long nhead = Kernel.alignLong(delta, st.profile.netSkbPad());
                checkExpand(d, h, nhead, 0, op);
                doExpand(d, (int) nhead, 0);
            }
        } finally {
            handles.unpinWriter(d);
        }
    }

    // ---------------------------------------------------------------- reading

    Bytes bytes(long h) {
        SkbDesc d = handles.pinReader(h, "skb_copy_bits");
        try {
            return Bytes.copyOf(allBytes(d));
        } finally {
            handles.unpinReader(d);
        }
    }

    /** All len bytes: linear, frags, then frag_list members (at most MAX_FRAG_LIST_DEPTH deep). */
    byte[] allBytes(SkbDesc d) {
        Shinfo sh = d.shinfo;
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(0, d.len));
        out.write(sh.buf, sh.base + d.data, d.headlen());
        for (int i = 0; i < sh.nrFrags; i++) {
            int p = HandleWord.index(sh.fragPage[i]);
            out.write(pageBytes(p), pageBase(p) + sh.fragOff[i], sh.fragSize[i]);
        }
        for (int i = 0; i < sh.fragListCount; i++) {
            byte[] b = allBytes(sh.fragList[i]);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }
}
