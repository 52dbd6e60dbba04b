package skbstress.api;

/** {@code skb->fclone}: where an skb struct lives. */
public enum FcloneState {
    /** From the head cache; freed to it alone. */
    UNAVAILABLE,
    /** skb1 of a fast-clone pair. */
    ORIG,
    /** skb2 of a fast-clone pair, handed out by a fast clone. */
    CLONE
}
