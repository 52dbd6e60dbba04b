package skbstress.impl;

import skbstress.api.DatarefWord;
import skbstress.api.Refusals;

/**
 * pskb_trim as in the model (___pskb_trim, then skb_condense unless a socket owns the skb), under the skb's writer
 * pin; the members it clones or trims in place are pinned, and its heads and structs reserved, when it is planned
 * ({@link ImplPlan}).
 */
final class ImplTrim {
    private final ImplState st;
    private final ImplHandles handles;
    private final ImplPages pages;
    private final ImplCopies copies;
    private final ImplPullTail pullTail;

    ImplTrim(ImplState st, ImplHandles handles, ImplPages pages, ImplCopies copies, ImplPullTail pullTail) {
        this.st = st;
        this.handles = handles;
        this.pages = pages;
        this.copies = copies;
        this.pullTail = pullTail;
    }

    void pskbTrim(long h, int len) {
        SkbDesc d = handles.pinWriter(h, "pskb_trim");
        try {
            if (d.getListRefsAcquire() != 0) { // acquire: our writer pin keeps a first list out (an add pins it)
                throw Refusals.listMember("pskb_trim", h);
            }
            if (len < 0) {
                throw Refusals.negative("pskb_trim", "len", len, "I-GEOM-9");
            }
            if (len >= d.len) {
                return;
            }
            ImplPlan p = pullTail.plan();
            try {
                // acquire: pairs with the clones' release decrements, so their reads precede the trim's writes
                planTrim(d, len, DatarefWord.cloned(d.cloned, d.shinfo.getDatarefAcquire()), ImplHandles.users(d), p);
                p.reserve(pages, "pskb_trim"); // every refusal before any change
                trim(d, len, p);
            } finally {
                p.close();
            }
        } finally {
            handles.unpinWriter(d);
        }
    }

    private void planTrim(SkbDesc d, int len, boolean cloned, int users, ImplPlan p) {
        if (d.dataLen == 0) {
            return; // __skb_trim
        }
        p.decisions.add(cloned);
        if (cloned) {
            pullTail.planExpand(d, 0, true, users, "pskb_trim", p);
        }
        Shinfo sh = d.shinfo;
        int offset = d.headlen();
        if (offset >= len) {
            return;
        }
        for (int i = 0; i < sh.nrFrags; i++) {
            offset += sh.fragSize[i];
            if (offset >= len) {
                return;
            }
        }
        for (int i = 0; i < sh.fragListCount; i++) {
            SkbDesc m = sh.fragList[i];
            int end = offset + m.len;
            int mUsers = ImplHandles.users(m) + (cloned ? 1 : 0); // a new private head references every member
            boolean shared = mUsers > 1;
            if (shared || end > len) {
                pullTail.planMember(m, shared, mUsers, "pskb_trim", p);
            } else {
                p.decisions.add(false); // kept whole, only this list's: left alone, nothing to pin
            }
            if (end < len) {
                offset = end;
                continue;
            }
            if (end > len) {
                // acquire: read only when m is writer-pinned (not shared); pairs with its clones' release decrements
                planTrim(m, len - offset, shared || DatarefWord.cloned(m.cloned, m.shinfo.getDatarefAcquire()), 1, p);
            }
            return;
        }
    }

    private void trim(SkbDesc d, int len, ImplPlan p) {
        if (d.dataLen == 0) {
            d.len = len;
            d.tail = d.data + len;
            return;
        }
        if (p.next()) {
            copies.doExpand(d, 0, 0, p.head(st.headsFor(d.end - d.head)));
        }
        Shinfo sh = d.shinfo;
        int offset = d.headlen();
        int keep = -1; // frags kept when len falls in the linear part or a frag; -1 when it falls in the frag_list
        if (offset >= len) {
            keep = 0;
        } else {
            for (int i = 0; i < sh.nrFrags; i++) {
                int end = offset + sh.fragSize[i];
                if (end < len) {
                    offset = end;
                    continue;
                }
                sh.fragSize[i] = len - offset;
                keep = i + 1;
                break;
            }
        }
        if (keep >= 0) {
            for (int i = keep; i < sh.nrFrags; i++) {
                pages.skbPageUnref(sh.fragPage[i], d.ppRecycle);
            }
            sh.nrFrags = keep;
            dropMembers(sh, 0);
        } else {
            trimMembers(sh, offset, len, p);
        }
        if (len > d.headlen()) {
            d.dataLen -= d.len - len;
            d.len = len;
        } else {
            d.len = len;
            d.dataLen = 0;
            d.tail = d.data + len;
        }
        // acquire: the owner is fixed while we hold d as writer (or d is a clone only we name)
        if (d.getSkAcquire() == null) { // the kernel condenses only an skb no socket is charged for
            condense(d);
        }
    }

    private void trimMembers(Shinfo sh, int offset, int len, ImplPlan p) {
        for (int i = 0; i < sh.fragListCount; i++) {
            SkbDesc m = sh.fragList[i];
            int end = offset + m.len;
            if (p.next()) { // shared: the list's member becomes a clone of its own
                SkbDesc c = pullTail.cloneMember(m, "pskb_trim", p);
                sh.fragList[i] = c;
                handles.drop(m, ImplHandles.handleOf(m), "pskb_trim", false); // consume_skb: the other holder keeps it
                m = c;
            }
            if (end < len) {
                offset = end;
                continue;
            }
            if (end > len) {
                trim(m, len - offset, p);
            }
            dropMembers(sh, i + 1);
            break;
        }
        sh.listDepth = ImplPullTail.depth(sh);
    }

    private void dropMembers(Shinfo sh, int from) {
        int n = sh.fragListCount;
        SkbDesc[] gone = new SkbDesc[n - from];
        System.arraycopy(sh.fragList, from, gone, 0, n - from);
        for (int i = from; i < n; i++) {
            sh.fragList[i] = null;
        }
        sh.fragListCount = from;
        sh.listDepth = ImplPullTail.depth(sh);
        for (SkbDesc m : gone) { // kfree_skb_list
            handles.drop(m, ImplHandles.handleOf(m), "pskb_trim", false);
        }
    }

    /** skb_condense: nothing allocated; truesize becomes the profile's for the head. */
    private void condense(SkbDesc d) {
        if (d.dataLen != 0) {
            // acquire: pairs with the clones' release decrements before pullTail writes the head
            if (d.dataLen > d.end - d.tail || DatarefWord.cloned(d.cloned, d.shinfo.getDatarefAcquire())) {
                return;
            }
            ImplPlan none = pullTail.plan(); // no new head (private, room enough), no member cloned (all eaten)
            none.decisions.add(false);
            try {
                pullTail.pullTail(d, d.dataLen, none);
            } finally {
                none.close();
            }
        }
        d.truesize = st.profile.truesize(d.end - d.head);
    }
}
