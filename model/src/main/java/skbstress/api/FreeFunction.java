package skbstress.api;

/**
 * The user free function of a zero-copy driver buffer (the make_zero_copy_skb patch): called exactly once,
 * when the last reference on the buffer's shared header is dropped (I-ZCDRV-1).
 */
@FunctionalInterface
public interface FreeFunction {
    void free(long driverBuffer);
}
