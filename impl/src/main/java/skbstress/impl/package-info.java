/**
 * The concurrent skb implementation.
 *
 * <h2>Memory-order vocabulary</h2>
 * Shared fields are reached through one {@code private static final VarHandle} each, and accessor names
 * carry the VarHandle access mode:
 * <ul>
 *   <li>{@code getXAcquire} / {@code setXRelease}: acquire load and release store. The rule: a release
 *       store is read by an acquire load, and everything written before the store is visible after the
 *       load. Any other pairing says why in a comment at the access.</li>
 *   <li>{@code getAndAddX}, {@code compareAndSetX}, {@code getAndBitwiseAndX}: volatile read-modify-writes
 *       (both acquire and release).</li>
 *   <li>{@code getXOpaque} / {@code setXOpaque}: coherent but unordered; only for values whose readers
 *       need no other write with them (statistics, racy hints).</li>
 *   <li>plain field access: state owned by one thread at a time (a skb's geometry belongs to whoever
 *       holds it; a shared info is edited only while exclusive), published to the next owner by a
 *       release/acquire pair elsewhere (a refcount decrement, a queue hand-off, the depot's CAS).</li>
 * </ul>
 * Each access carries a short comment of one of the forms {@code // release: publishes X to Y},
 * {@code // acquire: pairs with Z}, {@code // racy but benign: worst case is ...}.
 */
package skbstress.impl;
