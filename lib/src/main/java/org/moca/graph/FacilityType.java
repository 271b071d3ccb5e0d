package org.moca.graph;

/** The kinds of facility in a circular supply network and the role each plays in the simulator. */
public enum FacilityType {
    /** Buys a virgin material from outside the network at up to {@code capacity} units per hour. */
    VIRGIN_SUPPLIER(false),
    /** Turns inputs into a component by a recipe (a single {@link Mode}), up to {@code capacity} units per hour. */
    COMPONENT_PLANT(true),
    /** Assembles components into a product by a recipe (a single {@link Mode}). */
    ASSEMBLY_PLANT(true),
    /** Sells a product against hourly demand, keeps a backlog, and sends sold units back as end-of-life returns. */
    MARKET(false),
    /** Gathers end-of-life returns (and, optionally, an exogenous stream of e-waste) and passes them on. */
    COLLECTION(false),
    /** Refurbishes, harvests or passes on end-of-life products: one {@link Mode} per option. */
    REMANUFACTURER(true),
    /** Recovers materials from its input streams at a yield: one {@link Mode} per input stream. */
    RECYCLER(true),
    /** Final sink; whatever arrives here has leaked out of the loop. */
    LANDFILL(false);

    private final boolean processor;

    FacilityType(boolean processor) {
        this.processor = processor;
    }

    /** Whether the facility transforms materials through {@link Mode}s within an hourly capacity. */
    public boolean isProcessor() {
        return processor;
    }
}
