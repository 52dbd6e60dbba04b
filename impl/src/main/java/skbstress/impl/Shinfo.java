package skbstress.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import skbstress.api.DatarefWord;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.impl.slab.SlabCache;

/**
 * skb_shared_info and the head it describes. For kmalloc heads it is the payload of the kmalloc object
 * itself (as the kernel puts it at the end of the head buffer); for other heads it comes from an
 * internal cache. Everything but {@code dataref} is edited only while the shared info is exclusive,
 * and read by sharers after the clone that shared it was handed to them.
 */
final class Shinfo {
    private static final VarHandle DATAREF;

    static {
        try {
            DATAREF = MethodHandles.lookup().findVarHandle(Shinfo.class, "dataref", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Where this object lives (its cache and index), which is also its identity in snapshots. */
    final SlabCache home;
    final int homeIndex;

    /** The split dataref word; see skbstress.api.DatarefWord. */
    private int dataref;
    /** Lives of this shared info so far: with its home, its identity in snapshots. */
    int life;

    HeadKind headKind;
    /** Head bytes: offset o of the head buffer is buf[base + o]. */
    byte[] buf;
    int base;
    int bufferSize;
    /** KMALLOC and CACHE heads: the object that holds the head. */
    SlabCache headCache;
    int headIndex;
    /** PAGE_FRAG heads: the page handle, and the lines of the page the head holds. */
    long headPage;
    long headUnits;
    /** DRIVER_SLICE heads, and the lines [firstLine, endLine) of the buffer the slice holds. */
    DriverBuffer driverBuffer;
    int firstLine;
    int endLine;

    int nrFrags;
    final long[] fragPage = new long[Kernel.MAX_SKB_FRAGS];
    final int[] fragOff = new int[Kernel.MAX_SKB_FRAGS];
    final int[] fragSize = new int[Kernel.MAX_SKB_FRAGS];
    SkbDesc[] fragList = new SkbDesc[0];
    int fragListCount;
    /** How deep the frag_list tree below this shared info goes (0: no frag_list). */
    int listDepth;
    Ubuf uarg;
    boolean zerocopy;
    boolean dontOrphan;

    Shinfo(SlabCache home, int homeIndex) {
        this.home = home;
        this.homeIndex = homeIndex;
    }

    int getDatarefAcquire() {
        return (int) DATAREF.getAcquire(this); // acquire: pairs with sharers' release decrements of the word
    }

    int getDatarefPlain() {
        return dataref;
    }

    void setDatarefPlain(int v) {
        dataref = v;
    }

    void setDatarefRelease(int v) {
        DATAREF.setRelease(this, v); // release: more than needed: its sole, writer-pinned owner sets it
    }

    /** One more reference unless all of them are at the limit ({@link DatarefWord#MASK}): false then, unchanged. */
    boolean addDatarefBelowLimit() {
        while (true) {
            int w = getDatarefAcquire(); // acquire: seeds the compare-and-set below, which re-checks it
            if (DatarefWord.all(w) >= DatarefWord.MASK) {
                return false;
            }
            // acquire and release: the check and the add are one; a clone's reference counted before its life begins
            if (DATAREF.compareAndSet(this, w, w + 1)) {
                return true;
            }
        }
    }

    int getAndAddDataref(int delta) {
        return (int) DATAREF.getAndAdd(this, delta); // acquire and release: drops publish; the last sees all
    }

    /**
     * Resets the per-life state. Reference fields are written only when they change: under G1 a
     * reference store into a long-lived object runs a post-write barrier with a StoreLoad fence.
     */
    void reset() {
        life++;
        dataref = 1;
        nrFrags = 0;
        fragListCount = 0;
        listDepth = 0;
        if (uarg != null) {
            uarg = null;
        }
        zerocopy = false;
        dontOrphan = false;
    }

    /**
     * A kmalloc object's shared info always describes that object's own bytes: its head fields are set
     * on its first life and kept (see {@link #reset} for why no store is repeated).
     */
    static Shinfo ofKmalloc(SlabCache heads, int index) {
        Shinfo sh = (Shinfo) heads.payload(index);
        if (sh.buf == null) {
            sh.headKind = HeadKind.KMALLOC;
            sh.buf = heads.bytesOf(index);
            sh.base = heads.byteOffset(index);
            sh.bufferSize = heads.objectSize;
            sh.headCache = heads;
            sh.headIndex = index;
        }
        sh.reset();
        return sh;
    }

    void addFragListMember(SkbDesc m) {
        if (fragListCount == fragList.length) {
            fragList = java.util.Arrays.copyOf(fragList, Math.max(4, fragList.length * 2));
        }
        fragList[fragListCount++] = m;
    }

    int fragBytes() {
        int n = 0;
        for (int i = 0; i < nrFrags; i++) {
            n += fragSize[i];
        }
        return n;
    }
}
