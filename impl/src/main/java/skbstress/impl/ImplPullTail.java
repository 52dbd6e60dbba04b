package skbstress.impl;

import skbstress.api.DatarefWord;
import skbstress.api.Kernel;
import skbstress.api.Refusals;

/**
 * __pskb_pull_tail and the calls built on it, as in the model (skb_linearize, pskb_may_pull, pskb_pull), under the
 * skb's writer pin. The frag_list members the pull changes are pinned while it is planned (writer for one pulled
 * in place, which only this list holds; reader for one that is cloned), and every head and struct it takes is
 * reserved then ({@link ImplPlan}), so every refusal comes before any change.
 */
final class ImplPullTail {
    private final ImplState st;
    private final ImplHandles handles;
    private final ImplPages pages;
    private final ImplFrags frags;
    private final ImplCopies copies;
    private final ImplClones clones;
    private final ImplConstructors constructors;
    private final ImplZeroCopy zeroCopy;

    ImplPullTail(ImplState st, ImplHandles handles, ImplPages pages, ImplFrags frags, ImplCopies copies,
                 ImplClones clones, ImplConstructors constructors, ImplZeroCopy zeroCopy) {
        this.st = st;
        this.handles = handles;
        this.pages = pages;
        this.frags = frags;
        this.copies = copies;
        this.clones = clones;
        this.constructors = constructors;
        this.zeroCopy = zeroCopy;
    }

    ImplPlan plan() {
        return new ImplPlan(st, handles, constructors);
    }

    // ---------------------------------------------------------------- the calls

    void linearize(long h) {
        SkbDesc d = handles.pinWriter(h, "skb_linearize");
        try {
            // acquire: our writer pin keeps a first list out (an add pins it)
            if (d.getListRefsAcquire() != 0) { // a member's length is its parent's data_len
                throw Refusals.listMember("skb_linearize", h);
            }
            if (d.dataLen != 0) {
                planned(d, h, d.dataLen, "skb_linearize");
            }
        } finally {
            handles.unpinWriter(d);
        }
    }

    boolean mayPull(long h, int len) {
        SkbDesc d = handles.pinWriter(h, "pskb_may_pull");
        try {
            if (d.getListRefsAcquire() != 0) { // acquire: our writer pin keeps a first list out (an add pins it)
                throw Refusals.listMember("pskb_may_pull", h);
            }
            if (len < 0) {
                throw Refusals.negative("pskb_may_pull", "len", len, "I-GEOM-8");
            }
            if (len <= d.headlen()) {
                return true;
            }
            if (len > d.len) {
                return false; // too small: nothing changed
            }
            planned(d, h, len - d.headlen(), "pskb_may_pull");
            return true;
        } finally {
            handles.unpinWriter(d);
        }
    }

    void pskbPull(long h, int len) {
        SkbDesc d = handles.pinWriter(h, "pskb_pull");
        try {
            if (d.getListRefsAcquire() != 0) { // acquire: our writer pin keeps a first list out (an add pins it)
                throw Refusals.listMember("pskb_pull", h);
            }
            if (len < 0) {
                throw Refusals.negative("pskb_pull", "len", len, "I-GEOM-8");
            }
            if (len > d.len) {
                throw Refusals.pullTooFar(h, len, d.len, Refusals.where(d.len, d.dataLen, d.head, d.data, d.tail,
                        d.end));
            }
            if (len > d.headlen()) {
                planned(d, h, len - d.headlen(), "pskb_pull");
            }
            d.data += len;
            d.len -= len;
        } finally {
            handles.unpinWriter(d);
        }
    }

    /** Plans, reserves and pulls {@code delta} bytes of the pinned {@code d}. */
    private void planned(SkbDesc d, long h, int delta, String op) {
        ImplPlan p = plan();
        try {
            // acquire: pairs with the clones' release decrements, so their reads precede the pull's writes
            planPullTail(d, delta, DatarefWord.cloned(d.cloned, d.shinfo.getDatarefAcquire()), ImplHandles.users(d),
                    op, p);
            p.reserve(pages, op); // every refusal before any change
            pullTail(d, delta, p);
        } finally {
            p.close();
        }
    }

    // ---------------------------------------------------------------- planning (pins and counts, no change)

    /** Plans pskb_expand_head(d, 0, ntail): refused as checkExpand would, counted, decided yes. */
    void planExpand(SkbDesc d, long ntail, boolean cloned, int users, String op, ImplPlan p) {
        if (users != 1) {
            throw Refusals.sharedExpand(op, ImplHandles.handleOf(d), users);
        }
        long size = (long) (d.end - d.head) + ntail;
        if (size > Kernel.skbWithOverhead(Kernel.KMALLOC_MAX_SIZE)) {
            throw Refusals.newHeadTooLarge(op, size);
        }
        p.needHead(st.headsFor((int) size));
        if (cloned && zeroCopy.needsOrphan(d.shinfo)) {
            p.pages += zeroCopy.orphanPages(d.shinfo);
        }
    }

    /**
     * Plans what happens to a frag_list member that is changed: cloned when {@code shared} (pinned as a reader, or
     * as the writer when orphaning zero-copy frags edits it), else changed in place (pinned as the writer).
     * {@code users} is the member's users when it is cloned: a shared member with zero-copy frags to orphan is
     * refused, as skb_copy_ubufs refuses a shared skb (I-ZC-3).
     */
    void planMember(SkbDesc m, boolean shared, int users, String op, ImplPlan p) {
        p.pin(m, !shared || zeroCopy.needsOrphan(m.shinfo), op);
        p.decisions.add(shared);
        if (shared) {
            if (zeroCopy.needsOrphan(m.shinfo)) {
                throw Refusals.orphanShared(op, ImplHandles.handleOf(m), users);
            }
            if (!clones.checkClone(m, ImplHandles.handleOf(m), op)) {
                p.needStruct();
            }
        }
    }

    void planPullTail(SkbDesc d, int delta, boolean cloned, int users, String op, ImplPlan p) {
        long eat = (long) d.tail + delta - d.end;
        boolean expand = eat > 0 || cloned;
        p.decisions.add(expand);
        if (expand) {
            planExpand(d, eat > 0 ? eat + 128 : 0, cloned, users, op, p);
        }
        boolean membersShared = expand && cloned; // the new head takes a users reference on every member
        Shinfo sh = d.shinfo;
        long rest = (long) delta - sh.fragBytes();
        for (int i = 0; i < sh.fragListCount && rest > 0; i++) {
            SkbDesc m = sh.fragList[i];
            if (m.len <= rest) {
                rest -= m.len;
                continue;
            }
            int mUsers = ImplHandles.users(m) + (membersShared ? 1 : 0);
            boolean shared = membersShared || mUsers > 1;
            planMember(m, shared, mUsers, op, p);
            if (rest > m.headlen()) {
                // acquire: read only when m is writer-pinned (not shared); pairs with its clones' release decrements
                planPullTail(m, (int) rest - m.headlen(),
                        shared || DatarefWord.cloned(m.cloned, m.shinfo.getDatarefAcquire()), 1, op, p);
            }
            return;
        }
    }

    // ---------------------------------------------------------------- the change, as planned

    /** pskb_pull of a member (or its clone) as planned. */
    void pull(SkbDesc d, int len, ImplPlan p) {
        if (len > d.headlen()) {
            pullTail(d, len - d.headlen(), p);
        }
        d.data += len;
        d.len -= len;
    }

    void pullTail(SkbDesc d, int delta, ImplPlan p) {
        long eat = (long) d.tail + delta - d.end;
        int ntail = eat > 0 ? (int) (eat + 128) : 0;
        byte[] all = frags.allBytes(d);
        if (p.next()) {
            copies.doExpand(d, 0, ntail, p.head(st.headsFor((d.end - d.head) + ntail)));
        }
        Shinfo sh = d.shinfo;
        System.arraycopy(all, d.headlen(), sh.buf, sh.base + d.tail, delta);
        int rest = delta - sh.fragBytes();
        if (rest > 0) {
            pullMembers(sh, rest, p);
        }
        int left = delta;
        int k = 0;
        for (int i = 0; i < sh.nrFrags; i++) {
            if (sh.fragSize[i] <= left) {
                left -= sh.fragSize[i];
                pages.skbPageUnref(sh.fragPage[i], d.ppRecycle); // eaten whole: the page reference goes
            } else {
                sh.fragPage[k] = sh.fragPage[i];
                sh.fragOff[k] = sh.fragOff[i] + left;
                sh.fragSize[k] = sh.fragSize[i] - left;
                left = 0;
                k++;
            }
        }
        sh.nrFrags = k;
        d.tail += delta;
        d.dataLen -= delta;
        if (d.dataLen == 0) {
            zeroCopy.zcopyClear(sh, false);
        }
    }

    private void pullMembers(Shinfo sh, int rest, ImplPlan p) {
        int eaten = 0;
        SkbDesc clone = null;
        for (int i = 0; i < sh.fragListCount; i++) {
            SkbDesc m = sh.fragList[i];
            if (m.len <= rest) {
                rest -= m.len;
                eaten++;
                if (rest == 0) {
                    break;
                }
                continue;
            }
            if (p.next()) { // shared: another holder still reads it whole
                clone = cloneMember(m, "__pskb_pull_tail", p);
                pull(clone, rest, p);
                eaten++; // the original leaves the list with the eaten ones
            } else {
                pull(m, rest, p);
            }
            break;
        }
        SkbDesc[] gone = new SkbDesc[eaten];
        System.arraycopy(sh.fragList, 0, gone, 0, eaten);
        int left = sh.fragListCount - eaten;
        System.arraycopy(sh.fragList, eaten, sh.fragList, 0, left);
        for (int i = left; i < sh.fragListCount; i++) {
            sh.fragList[i] = null;
        }
        sh.fragListCount = left;
        if (clone != null) {
            sh.addFragListMember(clone);
            System.arraycopy(sh.fragList, 0, sh.fragList, 1, left);
            sh.fragList[0] = clone;
        }
        sh.listDepth = depth(sh);
        for (SkbDesc m : gone) { // consume_skb of each: gives back m's listRefs too
            handles.drop(m, ImplHandles.handleOf(m), "__pskb_pull_tail", false);
        }
    }

    /** skb_clone of a pinned member as planned; the clone's one reference belongs to the list it joins. */
    SkbDesc cloneMember(SkbDesc m, String op, ImplPlan p) {
        // checked when planned; its struct reserved then (checking again would find the reserved one gone). A fast
        // clone planned but lost to a racing cloner's CAS takes a struct now, and may be refused here, mid-call.
        // acquire: a hint only; doClone's CAS of fclone_ref from 1 to 2 decides (as for checkClone's read)
        boolean fast = m.fclone == SkbDesc.ORIG && m.pair.getFcloneRefAcquire() == 1
                && !ImplRelease.retired(m.pair.skb2);
        SkbDesc c = clones.doClone(m, fast, fast ? null : p.struct());
        c.addListRefs(1);
        return c;
    }

    static int depth(Shinfo sh) {
        int d = 0;
        for (int i = 0; i < sh.fragListCount; i++) {
            d = Math.max(d, sh.fragList[i].shinfo.listDepth + 1);
        }
        return d;
    }
}
