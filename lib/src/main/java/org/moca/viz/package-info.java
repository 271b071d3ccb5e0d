/**
 * Plots and tables for people: {@link org.moca.viz.Charts} (XChart figures — recovery-rate bars with intervals,
 * service curves, time-to-recover distributions — written as PNG) and {@link org.moca.viz.Tables} (Tablesaw tables
 * as CSV and aligned text). Pure presentation: nothing here computes a metric.
 */
package org.moca.viz;
