package skbstress.model;

/** ubuf_info_msgzc: ids [id, id + len - 1] of one or more send calls, with its own refcount_t. */
final class ModelUbuf {
    final long handle;
    final ModelSocket socket;
    final long id;
    int len = 1;
    final ModelRefcount refcnt = new ModelRefcount(1);
    boolean callerReference = true;
    /** Cleared by any release that reports failure (an orphaning copy). */
    boolean zerocopy = true;
    final boolean dontOrphan;
    boolean completed;

    ModelUbuf(long handle, ModelSocket socket, long id, boolean dontOrphan) {
        this.handle = handle;
        this.socket = socket;
        this.id = id;
        this.dontOrphan = dontOrphan;
    }
}
