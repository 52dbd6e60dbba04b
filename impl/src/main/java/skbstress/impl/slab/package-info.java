/**
 * A lock-free slab allocator in the manner of SLUB: per-thread magazines (the analogue of a per-CPU
 * freelist), a shared lock-free depot (a Treiber stack whose head packs a tag and an index), growth by
 * whole slabs, generation-checked handles. Memory-order vocabulary as in {@link skbstress.impl}.
 */
package skbstress.impl.slab;
