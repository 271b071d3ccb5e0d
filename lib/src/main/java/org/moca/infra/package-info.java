/**
 * Infrastructure every layer uses, at the bottom of the dependency graph so that no layer re-invents it (Tribuo's
 * {@code Core}, JGraphT's {@code util}): it imports nothing of the workbench.
 *
 * <ul>
 *   <li>Progress of long loops: {@link org.moca.infra.ProgressTracker} counts units and tells a
 *       {@link org.moca.infra.ProgressListener} (console line, log line every 10%, or a notebook display), throttled;
 *       {@link org.moca.infra.Progress} is one snapshot and its one-line rendering.</li>
 *   <li>Strict configuration: {@link org.moca.infra.ConfigLoader} binds YAML to a validated record and reports every
 *       error as a {@link org.moca.infra.ConfigException} with file, line and key.</li>
 *   <li>Crash-safe outputs: {@link org.moca.infra.AtomicFiles} writes a file (or a set of files) through a temporary
 *       file and a move, so a reader never sees half a result.</li>
 *   <li>Statistics for every reported figure: {@link org.moca.infra.Stats} (Wilson, Student-t, bootstrap).</li>
 *   <li>Provenance next to every result: {@link org.moca.infra.Provenance} (config, seeds, commit, versions, dataset
 *       hashes).</li>
 *   <li>Budgets of notebooks and scripts: {@link org.moca.infra.Budget} (system properties and environment).</li>
 * </ul>
 */
package org.moca.infra;
