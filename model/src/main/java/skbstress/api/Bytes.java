package skbstress.api;

import java.util.Arrays;

/** An immutable byte string with value equality and a short readable form. */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);
    private static final int SHOWN = 24;

    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Bytes copyOf(byte[] src) {
        return src.length == 0 ? EMPTY : new Bytes(src.clone());
    }

    public static Bytes copyOf(byte[] src, int from, int to) {
        return from == to ? EMPTY : new Bytes(Arrays.copyOfRange(src, from, to));
    }

    public int length() {
        return bytes.length;
    }

    public byte at(int i) {
        return bytes[i];
    }

    public byte[] toArray() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Hex of the first bytes, then the length and a hash when longer. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        int n = Math.min(bytes.length, SHOWN);
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", bytes[i] & 0xff));
        }
        if (bytes.length > SHOWN) {
            sb.append(String.format("..(%d bytes, #%08x)", bytes.length, hashCode()));
        }
        return sb.append(']').toString();
    }
}
