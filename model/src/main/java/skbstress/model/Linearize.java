package skbstress.model;

import skbstress.api.DatarefWord;

/**
 * skb_linearize: __pskb_pull_tail of all data_len bytes (specs/geometry.md, I-GEOM-7). The head is replaced first
 * when it lacks the room (pskb_expand_head with 128 bytes to spare) or is cloned (a private copy: the frags and
 * frag_list members are then referenced by the copy before they are dropped from it); then the paged bytes are
 * copied behind the linear ones, every frag's page reference is dropped, every frag_list member is consumed, and
 * the zero-copy ubuf, if any, is released reporting a copy.
 */
final class Linearize {
    private final ModelState state;
    private final Frags frags;
    private final Release release;
    private final ZeroCopy zeroCopy;

    Linearize(ModelState state, Frags frags, Release release, ZeroCopy zeroCopy) {
        this.state = state;
        this.frags = frags;
        this.release = release;
        this.zeroCopy = zeroCopy;
    }

    void linearize(long h) {
        ModelSkb skb = state.skb(h, "skb_linearize");
        Frags.requireNotListMember(skb, "skb_linearize");
        int delta = skb.dataLen;
        if (delta == 0) {
            return;
        }
        long eat = (long) skb.tail + delta - skb.end;
        boolean expand = eat > 0 || DatarefWord.cloned(skb.cloned, skb.shinfo.dataref);
        int ntail = eat > 0 ? (int) (eat + 128) : 0;
        if (expand) {
            frags.checkExpand(skb, 0, ntail, "skb_linearize"); // every refusal before any change
        }
        byte[] all = Frags.allBytes(skb);
        if (expand) {
            frags.doExpand(skb, 0, ntail);
        }
        ModelShinfo sh = skb.shinfo;
        System.arraycopy(all, all.length - delta, sh.buffer(), skb.tail, delta);
        for (ModelShinfo.Frag f : sh.frags) {
            frags.skbPageUnref(f.page(), skb.ppRecycle);
        }
        sh.frags.clear();
        for (ModelSkb member : sh.fragList) { // consume_skb of each member, eaten whole
            member.listRefs--;
            release.unref(member);
        }
        sh.fragList.clear();
        sh.listDepth = 0;
        skb.tail += delta;
        skb.dataLen = 0;
        zeroCopy.zcopyClear(sh, false);
    }
}
