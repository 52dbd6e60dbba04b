package skbstress.impl;

import skbstress.api.Bytes;
import skbstress.api.DatarefWord;
import skbstress.api.Refusals;

/**
 * head/data/tail/end. A holder edits its own skb's geometry under the writer pin, so these are plain
 * field accesses; an edit that meets another operation on the skb is refused (P-SKB-1).
 */
final class ImplGeometry {
    private final ImplHandles handles;

    ImplGeometry(ImplHandles handles) {
        this.handles = handles;
    }

    private static String where(SkbDesc d) {
        return Refusals.where(d.len, d.dataLen, d.head, d.data, d.tail, d.end);
    }

    private SkbDesc editable(long h, String op) {
        SkbDesc d = handles.pinWriter(h, op);
        if (d.getListRefsAcquire() != 0) { // acquire: our writer pin keeps a first list out (an add pins it)
            handles.unpinWriter(d);
            throw Refusals.listMember(op, h);
        }
        return d;
    }

    void reserve(long h, int n) {
        SkbDesc d = editable(h, "skb_reserve");
        try {
            if (n < 0) {
                throw Refusals.negative("skb_reserve", "len", n, "I-GEOM-3");
            }
            if (d.len != 0) {
                throw Refusals.reserveNotEmpty(h, d.len, where(d));
            }
            if ((long) d.tail + n > d.end) {
                throw Refusals.reservePastEnd(h, n, (long) d.tail + n, d.end, where(d));
            }
            d.data += n;
            d.tail += n;
        } finally {
            handles.unpinWriter(d);
        }
    }

    void put(long h, byte[] bytes) {
        SkbDesc d = editable(h, "skb_put");
        try {
            if (bytes == null) {
                throw Refusals.nullBytes("skb_put");
            }
            int n = bytes.length;
            if (d.dataLen != 0) {
                throw Refusals.putNonlinear(h, d.dataLen);
            }
            if ((long) d.tail + n > d.end) {
                throw Refusals.skbOver(h, n, (long) d.tail + n, d.end, where(d));
            }
            Shinfo sh = d.shinfo;
            int word = sh.getDatarefAcquire(); // acquire: pairs with clones' release decrements before our writes
            if (n != 0 && DatarefWord.cloned(d.cloned, word)) {
                throw Refusals.putCloned(h, word);
            }
            System.arraycopy(bytes, 0, sh.buf, sh.base + d.tail, n);
            d.tail += n;
            d.len += n;
        } finally {
            handles.unpinWriter(d);
        }
    }

    void push(long h, byte[] bytes) {
        SkbDesc d = editable(h, "skb_push");
        try {
            if (bytes == null) {
                throw Refusals.nullBytes("skb_push");
            }
            int n = bytes.length;
            if ((long) d.data - n < d.head) {
                throw Refusals.skbUnder(h, n, (long) d.data - n, d.head, where(d));
            }
            Shinfo sh = d.shinfo;
            int word = sh.getDatarefAcquire(); // acquire: pairs with clones' release decrements before our writes
            if (n != 0 && !headerWritable(d, word)) {
                throw Refusals.pushShared(h, word, d.nohdr, d.headroom(), d.hdrLen);
            }
            d.data -= n;
            d.len += n;
            System.arraycopy(bytes, 0, sh.buf, sh.base + d.data, n);
        } finally {
            handles.unpinWriter(d);
        }
    }

    private static boolean headerWritable(SkbDesc d, int word) {
        if (!DatarefWord.cloned(d.cloned, word)) {
            return true;
        }
        return !DatarefWord.headerCloned(d.cloned, word) && !d.nohdr && d.headroom() <= d.hdrLen;
    }

    void pull(long h, int n) {
        SkbDesc d = editable(h, "skb_pull");
        try {
            if (n < 0) {
                throw Refusals.negative("skb_pull", "len", n, "I-GEOM-2");
            }
            if (n > d.len) {
                throw Refusals.pullTooFar(h, n, d.len, where(d));
            }
            if (d.len - n < d.dataLen) {
                throw Refusals.pullPaged(h, n, d.dataLen, d.headlen());
            }
            d.data += n;
            d.len -= n;
        } finally {
            handles.unpinWriter(d);
        }
    }

    void trim(long h, int len) {
        SkbDesc d = editable(h, "skb_trim");
        try {
            if (len < 0) {
                throw Refusals.negative("skb_trim", "len", len, "I-GEOM-2");
            }
            if (len < d.len) {
                if (d.dataLen != 0) {
                    throw Refusals.trimNonlinear(h, d.dataLen);
                }
                d.len = len;
                d.tail = d.data + len;
            }
        } finally {
            handles.unpinWriter(d);
        }
    }

    Bytes linearBytes(long h) {
        SkbDesc d = handles.pinReader(h, "linear bytes");
        try {
            Shinfo sh = d.shinfo;
            return Bytes.copyOf(sh.buf, sh.base + d.data, sh.base + d.tail);
        } finally {
            handles.unpinReader(d);
        }
    }
}
