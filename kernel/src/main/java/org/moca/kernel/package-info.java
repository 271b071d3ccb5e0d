/**
 * The workbench's Java Jupyter kernel, compatible with IJava: {@link org.moca.kernel.MocaKernel} is the entry
 * point Jupyter launches; {@link org.moca.kernel.KernelServer} speaks the messaging protocol (5.3) and hands cells
 * to JShell on one evaluation thread.
 *
 * <p>Sub-packages: {@code protocol} (sockets and messages), {@code eval} (JShell, local execution, errors),
 * {@code magic} (IJava's magics, the offline Maven resolver), {@code display} (MIME rendering and its extension
 * point), {@code runtime} (what notebooks call: {@code display}, {@code updateDisplay}, ...).
 */
package org.moca.kernel;
