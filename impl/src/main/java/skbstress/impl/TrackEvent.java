package skbstress.impl;

/** The lifecycle events a tracked object's ring records (see {@link Track}). */
enum TrackEvent {
    ALLOC("allocated"), GET("reference taken"), PUT("reference dropped"), CLONE("cloned"),
    HAND_OFF("handed to another thread"), HEADER_RELEASE("header released"), ORPHAN("orphaned"),
    ZEROCOPY_ATTACH("zero-copy frag attached"), PAGE_FLIP("page flipped"), FRAG_REF("referenced by a frag"),
    EXTEND("extended"), COMPLETE("completed"), RELEASE("released");

    final String label;

    TrackEvent(String label) {
        this.label = label;
    }

    private static final TrackEvent[] ALL = values();

    static TrackEvent of(int ordinal) {
        return ALL[ordinal];
    }
}
