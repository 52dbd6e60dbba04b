package skbstress.model;

/** struct sk_buff_fclones: [skb1][skb2][fclone_ref], one object of the fclone cache. */
final class ModelPair {
    final long id;
    final ModelCache.Allocation object;
    final ModelRefcount fcloneRef = new ModelRefcount(1);
    ModelSkb skb1;
    /** The live user of the skb2 slot, or null when it is free. */
    ModelSkb skb2;
    boolean released;

    ModelPair(long id, ModelCache.Allocation object) {
        this.id = id;
        this.object = object;
    }
}
