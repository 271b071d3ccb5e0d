/**
 * Evaluation: JShell with direct execution on the kernel's one evaluation thread, a shared notebook class loader,
 * interruption of running cells, and Jupyter errors that show only the user's exception and frames.
 */
package org.moca.kernel.eval;
