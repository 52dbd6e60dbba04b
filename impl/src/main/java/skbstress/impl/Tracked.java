package skbstress.impl;

/**
 * The payload of an object whose lifecycle can be tracked (skb structs, pages, ubufs, driver buffers): the record
 * of its current life, or null when it is not tracked (always at levels off and counts). Plain: written by the
 * allocating thread before the object's handle is published, and read by holders after they acquired it.
 */
abstract class Tracked {
    Track track;
}
