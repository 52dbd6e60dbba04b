package skbstress.impl;

import skbstress.api.DatarefWord;
import skbstress.api.Kernel;
import skbstress.api.Refusals;
import skbstress.impl.slab.SlabCache;

/**
 * The operations that make a second shared info: pskb_copy (shares the frags and frag_list), skb_copy
 * (all bytes linear), pskb_expand_head and the cows built on it (duplicate-then-release for cloned data,
 * move otherwise).
 */
final class ImplCopies {
    private final ImplState st;
    private final ImplHandles handles;
    private final ImplPages pages;
    private final ImplFrags frags;
    private ImplConstructors constructors;
    private ImplRelease release;
    private ImplZeroCopy zeroCopy;

    ImplCopies(ImplState st, ImplHandles handles, ImplPages pages, ImplFrags frags) {
        this.st = st;
        this.handles = handles;
        this.pages = pages;
        this.frags = frags;
    }

    void wire(ImplConstructors c, ImplRelease r, ImplZeroCopy zc) {
        this.constructors = c;
        this.release = r;
        this.zeroCopy = zc;
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
                pages.requirePages(zeroCopy.orphanPages(d.shinfo), "pskb_copy");
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
            pages.structRef(from.fragPage[i]);
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
        byte[] all = frags.allBytes(d);
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

    void checkExpand(SkbDesc d, long h, long nhead, long ntail, String op) {
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
        // acquire: pairs with the clones' release decrements; a stale 'cloned' orders the check before a free
        if (DatarefWord.cloned(d.cloned, d.shinfo.getDatarefAcquire()) && zeroCopy.needsOrphan(d.shinfo)) {
            pages.requirePages(zeroCopy.orphanPages(d.shinfo), op);
        }
    }

    private void doExpand(SkbDesc d, int nhead, int ntail) {
        doExpand(d, nhead, ntail, -1);
    }

    /**
     * pskb_expand_head once checked: duplicate-then-release for cloned data, move otherwise. {@code reserved}: a
     * head of the cache the new size takes, reserved by the caller, or -1 to take one now.
     */
    void doExpand(SkbDesc d, int nhead, int ntail, int reserved) {
        Shinfo old = d.shinfo;
        int osize = d.end - d.head;
        int request = nhead + osize + ntail;
        int size = st.profile.end(request);
        // acquire: pairs with the clones' release decrements, so their reads of the old head precede our move
        boolean wasCloned = DatarefWord.cloned(d.cloned, old.getDatarefAcquire());
        if (wasCloned) {
            zeroCopy.orphanIfNeeded(d);
        }
        SlabCache heads = st.headsFor(request);
        int hi = reserved >= 0 ? reserved : heads.allocUntracked(st.local(heads));
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
            release.freeHead(old, d.ppRecycle);
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
        // acquire: the owner is fixed while we hold the skb as writer; pairs with the setter's release
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
            int word = d.shinfo.getDatarefAcquire(); // acquire: pairs with the clones' release decrements
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
}
