/**
 * The circular supply network: its domain model, its analysis and its files.
 *
 * <ul>
 *   <li>Model: {@link org.moca.graph.SupplyNetwork}, a validated directed multigraph (JGraphT) whose vertices are
 *       {@link org.moca.graph.Facility} ids and whose edges are {@link org.moca.graph.Lane}s carrying one
 *       {@link org.moca.graph.Material}; processors transform materials through {@link org.moca.graph.Mode}s.</li>
 *   <li>Analysis: {@link org.moca.graph.CircularityScore} (share of flow mass on lanes that lie on a cycle, by strongly
 *       connected components in linear time) and {@link org.moca.graph.RecoveryPaths} (alternative sources and
 *       hop- or lead-time-bounded paths around a disrupted facility).</li>
 *   <li>Files: {@link org.moca.graph.TopologyLoader} / {@link org.moca.graph.TopologyWriter} (a directory of CSV files),
 *       {@link org.moca.graph.ReferenceNetworks} (the shipped reference case), {@link org.moca.graph.NetworkGenerator}
 *       (seeded larger circular networks), {@link org.moca.graph.DotExporter} and {@link org.moca.graph.SvgRenderer}
 *       (pictures that make the loops visible).</li>
 * </ul>
 */
package org.moca.graph;
