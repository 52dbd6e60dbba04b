package skbstress.model;

import java.util.List;
import skbstress.api.DatarefWord;
import skbstress.api.Refusals;

/**
 * pskb_trim (specs/geometry.md, I-GEOM-9): a linear skb is cut as skb_trim cuts it; a nonlinear one as ___pskb_trim:
 * a cloned head is made private first (pskb_expand_head(skb, 0, 0)); the frags past len drop their page
 * references and the one len falls in is shortened; the frag_list members up to the one len falls in are cloned
 * when shared (the clone takes the member's place), that one is trimmed in turn, and the members past it are
 * freed; then len, data_len and tail. Last, unless a socket owns the skb, skb_condense: a private skb whose
 * paged bytes fit its tailroom is linearized, and its truesize becomes the profile's for its head.
 * Allocations are counted before any change, as for pulls ({@link PullTail.Needs}).
 */
final class Trim {
    private final ModelState state;
    private final Frags frags;
    private final Release release;
    private final Clones clones;
    private final PullTail pullTail;

    Trim(ModelState state, Frags frags, Release release, Clones clones, PullTail pullTail) {
        this.state = state;
        this.frags = frags;
        this.release = release;
        this.clones = clones;
        this.pullTail = pullTail;
    }

    void pskbTrim(long h, int len) {
        ModelSkb skb = state.skb(h, "pskb_trim");
        Frags.requireNotListMember(skb, "pskb_trim");
        if (len < 0) {
            throw Refusals.negative("pskb_trim", "len", len, "I-GEOM-9");
        }
        if (len >= skb.len) {
            return;
        }
        PullTail.Needs n = new PullTail.Needs();
        planTrim(skb, len, DatarefWord.cloned(skb.cloned, skb.shinfo.dataref), skb.users.value(), n);
        pullTail.verify(n, "pskb_trim"); // every refusal before any change
        trim(skb, len);
    }

    /** Plans pskb_trim(skb, len < skb.len) without changing anything. */
    private void planTrim(ModelSkb skb, int len, boolean cloned, int users, PullTail.Needs n) {
        if (skb.dataLen == 0) {
            return; // __skb_trim
        }
        if (cloned) {
            pullTail.planExpand(skb, 0, true, users, "pskb_trim", n);
        }
        int offset = skb.headlen();
        if (offset >= len) {
            return;
        }
        for (ModelShinfo.Frag f : skb.shinfo.frags) {
            offset += f.size();
            if (offset >= len) {
                return;
            }
        }
        for (ModelSkb m : skb.shinfo.fragList) {
            int end = offset + m.len;
            boolean shared = cloned || m.users.value() > 1; // a new private head takes a reference on each member
            if (shared) {
                pullTail.planClone(m, m.users.value() + (cloned ? 1 : 0), "pskb_trim", n);
            }
            if (end < len) {
                offset = end;
                continue;
            }
            if (end > len) {
                planTrim(m, len - offset, shared || DatarefWord.cloned(m.cloned, m.shinfo.dataref), 1, n);
            }
            return;
        }
    }

    /** pskb_trim once planned ({@code len < skb.len}). */
    private void trim(ModelSkb skb, int len) {
        if (skb.dataLen == 0) {
            skb.len = len;
            skb.tail = skb.data + len;
            return;
        }
        if (DatarefWord.cloned(skb.cloned, skb.shinfo.dataref)) {
            frags.doExpand(skb, 0, 0);
        }
        ModelShinfo sh = skb.shinfo;
        int offset = skb.headlen();
        int keep = -1; // frags kept when len falls in the linear part or a frag; -1 when it falls in the frag_list
        if (offset >= len) {
            keep = 0;
        } else {
            for (int i = 0; i < sh.frags.size(); i++) {
                ModelShinfo.Frag f = sh.frags.get(i);
                int end = offset + f.size();
                if (end < len) {
                    offset = end;
                    continue;
                }
                sh.frags.set(i, new ModelShinfo.Frag(f.page(), f.offset(), len - offset));
                keep = i + 1;
                break;
            }
        }
        if (keep >= 0) {
            List<ModelShinfo.Frag> gone = sh.frags.subList(keep, sh.frags.size());
            for (ModelShinfo.Frag f : gone) {
                frags.skbPageUnref(f.page(), skb.ppRecycle);
            }
            gone.clear();
            dropMembers(sh, 0);
        } else {
            trimMembers(sh, offset, len);
        }
        if (len > skb.headlen()) {
            skb.dataLen -= skb.len - len;
            skb.len = len;
        } else {
            skb.len = len;
            skb.dataLen = 0;
            skb.tail = skb.data + len;
        }
        if (skb.sk == null) { // the kernel condenses only an skb no socket is charged for
            condense(skb);
        }
    }

    /** The frag_list part of ___pskb_trim: {@code offset} is where the first member's bytes begin. */
    private void trimMembers(ModelShinfo sh, int offset, int len) {
        for (int i = 0; i < sh.fragList.size(); i++) {
            ModelSkb m = sh.fragList.get(i);
            int end = offset + m.len;
            if (m.users.value() > 1) { // skb_shared: trimmed or kept, the list's member becomes a clone of its own
                ModelSkb c = clones.doClone(m, clones.checkClone(m, "pskb_trim"));
                c.listRefs++;
                sh.fragList.set(i, c);
                m.listRefs--;
                release.unref(m); // consume_skb: the other holder keeps it
                m = c;
            }
            if (end < len) {
                offset = end;
                continue;
            }
            if (end > len) {
                trim(m, len - offset);
            }
            dropMembers(sh, i + 1);
            break;
        }
        sh.listDepth = PullTail.depth(sh);
    }

    /** kfree_skb_list of the members from index {@code from} on. */
    private void dropMembers(ModelShinfo sh, int from) {
        while (sh.fragList.size() > from) {
            ModelSkb m = sh.fragList.remove(from);
            m.listRefs--;
            release.unref(m);
        }
        sh.listDepth = PullTail.depth(sh);
    }

    /**
     * skb_condense: paged bytes that fit the tailroom of a private head are pulled in (nothing is allocated), and
     * truesize becomes SKB_TRUESIZE of the head, forgetting what the frags charged.
     */
    private void condense(ModelSkb skb) {
        if (skb.dataLen != 0) {
            if (skb.dataLen > skb.end - skb.tail || DatarefWord.cloned(skb.cloned, skb.shinfo.dataref)) {
                return;
            }
            pullTail.pullTail(skb, skb.dataLen);
        }
        skb.truesize = state.profile().truesize(skb.end - skb.head);
    }
}
