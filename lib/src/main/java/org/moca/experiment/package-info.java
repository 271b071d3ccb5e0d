/**
 * Experiments: running policies over scenario sets ({@link org.moca.experiment.Comparison}), and what the CLI and
 * notebooks build on top (statistics, tables, provenance).
 */
package org.moca.experiment;
