package skbstress.impl;

/** What a caller cache keeps per object beside its bytes: where a flipped packet lay in it. */
final class ObjectMeta extends Tracked {
    int packetOffset;
    int packetLength;
}
