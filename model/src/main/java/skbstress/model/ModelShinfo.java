package skbstress.model;

import java.util.ArrayList;
import java.util.List;
import skbstress.api.DatarefWord;
import skbstress.api.HeadKind;

/**
 * skb_shared_info with the head buffer it sits at the end of. Owns the head, one page reference per
 * frag, one users reference per frag_list member and one ubuf reference; all are released exactly once,
 * when the last sharer releases its data reference (I-DATA-3).
 */
final class ModelShinfo {
    final long id;
    int dataref = DatarefWord.ONE;
    final HeadKind headKind;
    /** KMALLOC and CACHE heads. */
    final ModelCache.Allocation headObject;
    /** PAGE_FRAG heads: the page, and the units of it the head holds. */
    final ModelPage headPage;
    long headUnits;
    /** DRIVER_SLICE heads: the lines [firstLine, endLine) of the buffer the slice holds. */
    int firstLine;
    int endLine;
    /** DRIVER_SLICE heads. */
    final ModelDriverBuffer driverBuffer;

    final List<Frag> frags = new ArrayList<>();
    final List<ModelSkb> fragList = new ArrayList<>();
    /** How deep the frag_list tree below this shared info goes (0: no frag_list). */
    int listDepth;
    ModelUbuf uarg;
    boolean zerocopy;
    boolean dontOrphan;
    boolean released;

    /** One frag descriptor; the shared info owns one reference on its page. */
    record Frag(ModelPage page, int offset, int size) {}

    ModelShinfo(long id, HeadKind headKind, ModelCache.Allocation headObject, ModelPage headPage,
                ModelDriverBuffer driverBuffer) {
        this.id = id;
        this.headKind = headKind;
        this.headObject = headObject;
        this.headPage = headPage;
        this.driverBuffer = driverBuffer;
    }

    /** The bytes the head lives in: geometry offsets index this array. */
    byte[] buffer() {
        return switch (headKind) {
            case KMALLOC, CACHE -> headObject.object.bytes();
            case PAGE_FRAG -> headPage.bytes;
            case DRIVER_SLICE -> driverBuffer.bytes;
        };
    }

    long headOwner() {
        return switch (headKind) {
            case KMALLOC, CACHE -> headObject.handle;
            case PAGE_FRAG -> headPage.handle;
            case DRIVER_SLICE -> driverBuffer.handle;
        };
    }

    int fragBytes() {
        int n = 0;
        for (Frag f : frags) {
            n += f.size();
        }
        return n;
    }
}
