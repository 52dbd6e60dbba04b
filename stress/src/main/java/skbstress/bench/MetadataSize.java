package skbstress.bench;

import org.openjdk.jol.info.ClassLayout;
import skbstress.api.Kernel;

/**
 * Bytes of metadata per object, measured with JOL on this JVM: the words every slab keeps beside each
 * object, and the Java payloads of the struct caches and of kmalloc heads.
 * Run: {@code java -cp stress/target/skbstress-benchmarks.jar skbstress.bench.MetadataSize}.
 */
public final class MetadataSize {
    private MetadataSize() {}

    private static long size(Object o) {
        return ClassLayout.parseInstance(o).instanceSize();
    }

    private static long size(String className) throws ClassNotFoundException {
        return ClassLayout.parseClass(Class.forName(className)).instanceSize();
    }

    public static void main(String[] args) throws Exception {
        long ref = (size(new Object[64]) - size(new Object[0])) / 64;
        long slabWords = 3 * Integer.BYTES + ref; // generation, free-list link, owner word, payload reference
        long desc = size("skbstress.impl.SkbDesc");
        long pair = size("skbstress.impl.FclonePair") + 2 * desc;
        long shinfo = size("skbstress.impl.Shinfo") + size(new long[Kernel.MAX_SKB_FRAGS])
                + 2 * size(new int[Kernel.MAX_SKB_FRAGS]) + size(new Object[0]);
        long page = size("skbstress.impl.PageMeta");
        System.out.printf("every slab object: %d bytes beside it (3 ints + a %d-byte reference)%n", slabWords, ref);
        System.out.printf("skb struct (head cache):     %4d + %d = %d bytes per object (kernel: sizeof(sk_buff) %d)%n",
                desc, slabWords, desc + slabWords, Kernel.SKB_STRUCT_SIZE);
        System.out.printf("fclone pair (fclone cache):  %4d + %d = %d bytes per object%n", pair, slabWords,
                pair + slabWords);
        System.out.printf("kmalloc head's shared info:  %4d + %d = %d bytes per object (kernel: %d, in the buffer)%n",
                shinfo, slabWords, shinfo + slabWords, Kernel.SHINFO_SIZE);
        System.out.printf("page counters:               %4d + %d = %d bytes per page%n", page, slabWords, page + slabWords);
        System.out.printf("caller object (user cache):  %4d + %d = %d bytes per object%n",
                size("skbstress.impl.ObjectMeta"), slabWords, size("skbstress.impl.ObjectMeta") + slabWords);
    }
}
