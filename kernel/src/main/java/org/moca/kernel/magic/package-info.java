/**
 * IJava's magics ({@code %jars}, {@code %classpath}, {@code %maven}, {@code %load}, display cell magics): parsing a
 * cell into code and magics, running them, and resolving Maven coordinates from the local repository offline.
 */
package org.moca.kernel.magic;
