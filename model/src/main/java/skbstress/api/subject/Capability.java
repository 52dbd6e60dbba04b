package skbstress.api.subject;

/**
 * What a check needs of a subject, and what a subject provides: each capability is one small interface of
 * this package (the full skb operations are {@link skbstress.api.SkbOps}). A test declares the
 * capabilities it needs; a run executes the tests whose capabilities the subject provides and lists the
 * others as skipped, with the capability that was missing. The contracts are P-SUBJ-1..4 of
 * specs/subjects.md.
 */
public enum Capability {
    /** {@link ObjectAllocator}: fixed-size objects, allocated and freed from any thread (P-SUBJ-1). */
    OBJECT_ALLOCATOR,
    /** {@link ReferenceCount}: a holder's count with an exactly-once release (P-SUBJ-2). */
    REFERENCE_COUNT,
    /** {@link SharedViews}: views with counts of their own over one data area (P-SUBJ-3). */
    SHARED_VIEWS,
    /** {@link skbstress.api.SkbOps}: every skb operation the model states (P-SUBJ-4). */
    SKB_OPS
}
